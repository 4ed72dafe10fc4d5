using NeuralDx7.Nn;

namespace NeuralDx7.Tests.Nn;

/// <summary>
/// Compares an op's backward with central finite differences of its forward, in double precision.
/// The op's output is turned into a scalar with fixed random weights, so no gradient can hide in a symmetric sum.
/// </summary>
internal static class GradientCheck
{
    private const double Step = 1e-6;

    public static Tensor<double> Input(SeededRandom random, params int[] shape) => InputBetween(random, -1, 1, shape);

    public static Tensor<double> InputBetween(SeededRandom random, double low, double high, params int[] shape)
    {
        var t = new Tensor<double>(shape, requiresGrad: true);
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = random.NextUniform(low, high);
        }

        return t;
    }

    /// <summary>Checks d(sum(weights * op(inputs))) / d input for every element of every input.</summary>
    public static void Check(Func<Graph<double>, Tensor<double>> op, params Tensor<double>[] inputs)
    {
        var pool = new TensorPool<double>();
        double[] weights = [];

        double Loss(bool backward)
        {
            using var graph = new Graph<double>(pool);
            var y = op(graph);
            if (weights.Length == 0)
            {
                var random = new SeededRandom(99);
                weights = Enumerable.Range(0, y.Length).Select(_ => random.NextUniform(-1, 1)).ToArray();
            }

            var loss = graph.SumAll(graph.Multiply(y, graph.Constant(weights, y.ShapeArray())));
            double value = loss[0];
            if (backward)
            {
                graph.Backward(loss);
            }

            return value;
        }

        foreach (var input in inputs)
        {
            input.ZeroGrad();
        }

        Loss(backward: true);
        for (int n = 0; n < inputs.Length; n++)
        {
            var input = inputs[n];
            var analytic = input.Grad.ToArray();
            for (int i = 0; i < input.Length; i++)
            {
                double saved = input[i];
                input[i] = saved + Step;
                double plus = Loss(backward: false);
                input[i] = saved - Step;
                double minus = Loss(backward: false);
                input[i] = saved;
                double numeric = (plus - minus) / (2 * Step);
                double tolerance = 1e-6 + (1e-5 * Math.Abs(numeric));
                Assert.True(Math.Abs(analytic[i] - numeric) <= tolerance,
                    $"input {n} element {i}: backward gives {analytic[i]:G10}, finite differences {numeric:G10}");
            }
        }
    }

    private static int[] ShapeArray(this Tensor<double> t) => t.Shape.ToArray();
}
