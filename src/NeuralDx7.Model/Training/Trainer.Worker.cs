using NeuralDx7.Nn;

namespace NeuralDx7.Model.Training;

/// <summary>A core's share of a step: its own copy of the model, forward and backward over part of the batch.</summary>
public sealed partial class Trainer
{
    /// <summary>Batch-weighted figures of one worker's share.</summary>
    private sealed record LossSummary(double Loss, double Reconstruction, double Accuracy, double Kl, int Count)
    {
        public static LossSummary Combine(LossSummary[] parts, int total) => new(
            parts.Sum(p => p.Loss * p.Count) / total,
            parts.Sum(p => p.Reconstruction * p.Count) / total,
            parts.Sum(p => p.Accuracy * p.Count) / total,
            parts.Sum(p => p.Kl * p.Count) / total,
            total);
    }

    /// <summary>One core's share of a step: a model (the trained one, or a replica), and its buffers.</summary>
    private sealed class Worker(Dx7Vae model)
    {
        public Dx7Vae Model { get; } = model;

        public TensorPool<float> Pool { get; } = new();

        /// <summary>
        /// Forward and backward on voices [first, end) of the batch; the loss is scaled by its share of the batch,
        /// so the workers' gradients add up to the gradient of the whole batch's mean.
        /// </summary>
        public LossSummary Run(int[] tokens, float[] noise, bool[]? dropped, int[]? categories, int first, int end, int batch, double klWeight, double freeBits)
        {
            int n = end - first, l = Model.Config.LatentSize, p = ModelConfig.Positions;
            using var g = new Graph<float>(Pool, recording: true, parallel: false) { Training = true };
            var terms = Model.Loss(g, tokens.AsMemory(first * p, n * p), noise.AsSpan(first * l, n * l), klWeight, freeBits,
                dropped is null ? default : dropped.AsMemory(first * p, n * p), categories is null ? default : categories.AsMemory(first, n));
            Model.ZeroGrad();
            g.Backward(g.Scale(terms.Loss, (double)n / batch));
            return new LossSummary(terms.Loss[0], terms.Reconstruction, terms.Accuracy, terms.Kl, n);
        }

        public void CopyWeightsFrom(Dx7Vae source)
        {
            foreach (var (to, from) in Model.Parameters().Zip(source.Parameters()))
            {
                from.Data.CopyTo(to.Data);
            }
        }

        public void AddGradientsTo(Dx7Vae target)
        {
            foreach (var (from, to) in Model.Parameters().Zip(target.Parameters()))
            {
                System.Numerics.Tensors.TensorPrimitives.Add(to.Grad, from.Grad, to.Grad);
            }
        }
    }
}
