namespace NeuralDx7.Model.Training;

/// <summary>Where a run is: enough to continue it exactly.</summary>
public sealed record TrainingState(long Step, int Epoch, int Position, long Samples, double Seconds, ulong EpochSeed, ulong[] Random);

/// <summary>One progress report, after a step.</summary>
public sealed record TrainingProgress(
    long Step, int Epoch, long Samples, double SamplesPerSecond, double Loss, double Reconstruction, double Accuracy,
    double Kl, double KlWeight, double LearningRate, TimeSpan Elapsed, TimeSpan? Remaining);

/// <summary>When a run stops: after a time, after a number of epochs, or both (whichever comes first).</summary>
public sealed record TrainingBudget(TimeSpan? Time = null, int? Epochs = null)
{
    public const double MaxMinutes = 100_000;
    public const int MaxEpochs = 100_000;

    public static TrainingBudget Minutes(double minutes) => Of(minutes, null);

    /// <summary>A budget from the options as given, checked: at least one of them, each finite and in range.</summary>
    public static TrainingBudget Of(double? minutes, int? epochs)
    {
        if (minutes is null && epochs is null)
        {
            throw new InvalidRequestException(nameof(Epochs), "or minutes must say how long to train.");
        }

        if (minutes is double m)
        {
            Check.Range(nameof(Minutes), m, 0.01, MaxMinutes);
        }

        if (epochs is int e)
        {
            Check.Range(nameof(Epochs), e, 1, MaxEpochs);
        }

        return new TrainingBudget(minutes is double time ? TimeSpan.FromMinutes(time) : null, epochs);
    }
}
