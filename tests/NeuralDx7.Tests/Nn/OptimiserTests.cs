using NeuralDx7.Nn;
using NeuralDx7.Nn.Optim;

namespace NeuralDx7.Tests.Nn;

public class OptimiserTests
{
    [Fact]
    public void AdamW_first_step_is_decay_then_a_signed_step_of_the_learning_rate()
    {
        // At step 1 the bias-corrected moments are g and g^2, so Adam moves each weight by lr * g / (|g| + eps),
        // after the decoupled decay p * (1 - lr * wd): PyTorch's documented algorithm.
        var p = new Tensor<double>([3], requiresGrad: true);
        p.Data[0] = 1; p.Data[1] = -2; p.Data[2] = 0.5;
        p.Grad[0] = 0.3; p.Grad[1] = -4; p.Grad[2] = 0;
        var adam = new AdamW<double>([("p", p)], learningRate: 0.1, weightDecay: 0.5, eps: 1e-8);
        adam.Step();
        Assert.Equal((1 * 0.95) - (0.1 * 0.3 / (0.3 + 1e-8)), p[0], 12);
        Assert.Equal((-2 * 0.95) + (0.1 * 4 / (4 + 1e-8)), p[1], 12);
        Assert.Equal(0.5 * 0.95, p[2], 12);
    }

    [Fact]
    public void AdamW_second_step_uses_bias_corrected_moments()
    {
        var p = new Tensor<double>([1], requiresGrad: true);
        p.Data[0] = 1;
        var adam = new AdamW<double>([("p", p)], learningRate: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0);
        p.Grad[0] = 1;
        adam.Step();
        p.Grad[0] = 3;
        adam.Step();
        double m = (0.9 * 0.1) + (0.1 * 3); // m2 = b1 m1 + (1 - b1) g2, with m1 = 0.1
        double v = (0.999 * 0.001) + (0.001 * 9);
        double expected = 1 - (0.01 / (1 + 1e-8)) - (0.01 / (1 - (0.9 * 0.9)) * m / ((Math.Sqrt(v) / Math.Sqrt(1 - (0.999 * 0.999))) + 1e-8));
        Assert.Equal(expected, p[0], 12);
        Assert.Equal(2, adam.Steps);
    }

    [Fact]
    public void Clipping_scales_all_gradients_to_the_global_norm()
    {
        var a = new Tensor<float>([2], requiresGrad: true);
        var b = new Tensor<float>([1], requiresGrad: true);
        a.Grad[0] = 3; a.Grad[1] = 0; b.Grad[0] = 4; // norm 5
        double norm = GradientClipping.ClipByGlobalNorm([a, b], 1.0);
        Assert.Equal(5, norm, 6);
        Assert.Equal(3f / 5, a.Grad[0], 5);
        Assert.Equal(4f / 5, b.Grad[0], 5);
        Assert.Equal(1.0, GradientClipping.ClipByGlobalNorm([a, b], 10.0), 5); // under the limit: untouched
        Assert.Equal(3f / 5, a.Grad[0], 5);
    }
}
