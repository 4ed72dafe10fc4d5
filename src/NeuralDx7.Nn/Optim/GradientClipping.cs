using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn.Optim;

/// <summary>Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales every gradient by max / (norm + 1e-6) when the norm of all gradients together exceeds
    /// <paramref name="maxNorm"/>; returns that norm (before clipping).
    /// </summary>
    public static double ClipByGlobalNorm<T>(IEnumerable<Tensor<T>> parameters, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToList();
        double squares = 0;
        foreach (var p in list)
        {
            foreach (var g in p.Grad)
            {
                double d = double.CreateChecked(g);
                squares += d * d;
            }
        }

        double norm = Math.Sqrt(squares);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1)
        {
            T c = T.CreateChecked(coefficient);
            foreach (var p in list)
            {
                TP.Multiply(p.Grad, c, p.Grad);
            }
        }

        return norm;
    }
}
