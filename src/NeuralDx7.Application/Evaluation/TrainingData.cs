using NeuralDx7.Corpus;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Evaluation;

/// <summary>Which voices of a data set a model is scored on.</summary>
public enum HeldOutSplit
{
    /// <summary>The test split: cartridges kept for reporting, never trained on or chosen by.</summary>
    Test,

    /// <summary>The validation split: cartridges used to choose a recipe.</summary>
    Validation,

    /// <summary>Every voice the model was not trained on: for another collection than the one it was trained on.</summary>
    Unseen,
}

/// <summary>A data set opened for evaluating a model: its held-out voices, and which of its voices the model trained on.</summary>
public sealed class TrainingData
{
    private TrainingData(Dx7Dataset dataset, IReadOnlyList<Dx7Voice> trainedOn)
    {
        Dataset = dataset;
        TrainedOn = trainedOn;
    }

    public Dx7Dataset Dataset { get; }

    /// <summary>The data set's voices the model was trained on (by fingerprint): what copies are measured against.</summary>
    public IReadOnlyList<Dx7Voice> TrainedOn { get; }

    public static TrainingData Open(string path, ModelFolder model, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        var dataset = Dx7Dataset.Open(path, progress, cancellation);
        var trained = model.Trained.TrainingVoices;
        return new TrainingData(dataset, [.. dataset.Voices.Select(v => v.Voice).Where(v => trained.Contains(v.SoundFingerprint))]);
    }

    /// <summary>The voices of <paramref name="split"/> the model did not train on.</summary>
    public IReadOnlyList<Dx7Voice> HeldOut(HeldOutSplit split, ModelFolder model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (split != HeldOutSplit.Unseen && !model.KnowsTrainingVoices)
        {
            throw new ModelFileMissingException(
                $"{model.Path} does not list the voices it was trained on, so held-out voices cannot be told from training ones; retrain it, or score another collection with the unseen split.");
        }

        if (split == HeldOutSplit.Test && Dataset.TestPercent == 0)
        {
            throw new InvalidDataException($"{path} has no test split (a data set from an earlier 'dx7 import'): import it again, or score with the unseen split.");
        }

        var trained = model.Trained.TrainingVoices;
        var voices = split switch
        {
            HeldOutSplit.Test => Dataset.Test,
            HeldOutSplit.Validation => Dataset.Validation,
            _ => Dataset.Voices.Select(v => v.Voice),
        };
        var heldOut = voices.Where(v => !trained.Contains(v.SoundFingerprint)).ToList();
        return heldOut.Count > 0 ? heldOut
            : throw new InvalidOperationException($"{path} has no {split.ToString().ToLowerInvariant()} voices the model was not trained on: nothing to score.");
    }
}
