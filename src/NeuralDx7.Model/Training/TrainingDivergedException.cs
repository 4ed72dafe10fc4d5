namespace NeuralDx7.Model.Training;

/// <summary>The loss or the gradients stopped being finite numbers: the run cannot go on from here.</summary>
public sealed class TrainingDivergedException(long step, long? checkpointStep, double learningRate) : InvalidOperationException(
    string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"training diverged: the loss or its gradients stopped being finite numbers at step {step} (learning rate {learningRate:G3}); ")
    + (checkpointStep is long kept ? $"the checkpoint of step {kept} is kept: resume from it with a lower learning rate." : "nothing was saved: train again with a lower learning rate."))
{
    public long Step { get; } = step;
}
