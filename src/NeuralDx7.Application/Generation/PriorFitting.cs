using NeuralDx7.Application.Evaluation;
using NeuralDx7.IO;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Application.Generation;

/// <summary>
/// Fitting a model's latent prior, and a prior per voice category, to its training data: what <c>dx7 train</c> does at
/// the end of a run, for a folder that lacks them.
/// </summary>
/// <param name="Data">The data the model was trained on: its training voices are fitted, its validation voices choose the mixture's size.</param>
/// <param name="Overwrite">Replace a prior the folder already has.</param>
public sealed record PriorFitRequest(string Data, ulong Seed = 1, bool Overwrite = false)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            throw new InvalidRequestException(nameof(Data), "must name the data the model was trained on.");
        }
    }
}

/// <summary>
/// What a fit wrote: the latent prior's file and size (fitted now, or the folder's own when only the categories were
/// missing), how its size was chosen, and which files were written.
/// </summary>
public sealed record PriorFitOutcome(string Path, int Components, PriorSelection? Selection, IReadOnlyList<string> Written);

public static class PriorFitting
{
    /// <summary>
    /// Fits the priors the folder lacks (both with <see cref="PriorFitRequest.Overwrite"/>); refuses, changing nothing,
    /// when it has both.
    /// </summary>
    public static PriorFitOutcome Fit(ModelFolder model, PriorFitRequest request, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        string path = Path.Combine(model.Path, LatentPrior.FileName);
        string categoryPath = Path.Combine(model.Path, CategoryPriors.FileName);
        bool fitPrior = request.Overwrite || !File.Exists(path), fitCategories = request.Overwrite || !File.Exists(categoryPath);
        if (!fitPrior && !fitCategories)
        {
            throw new FileExistsException(path);
        }

        var data = TrainingData.Open(request.Data, model, progress, cancellation);
        if (data.TrainedOn.Count < 64)
        {
            throw new InvalidDataException($"{request.Data} holds {data.TrainedOn.Count} of the voices {model.Path} was trained on: fit the prior on the data it was trained on.");
        }

        var validation = data.Dataset.Validation.Where(v => !model.Trained.TrainingVoices.Contains(v.SoundFingerprint)).ToList();
        var prior = fitPrior ? LatentPrior.FitToPosteriors(model.Generator, data.TrainedOn, validation, request.Seed, cancellation) : model.Prior(PriorKind.Fitted);
        var categories = fitCategories ? CategoryPriors.Fit(model.Generator, data.TrainedOn, validation, request.Seed, cancellation) : null;
        var written = new List<string>();
        if (fitPrior)
        {
            prior.Save(path, request.Overwrite);
            written.Add(path);
        }

        if (categories is not null)
        {
            categories.Save(categoryPath, request.Overwrite);
            written.Add(categoryPath);
        }

        return new PriorFitOutcome(path, prior.Mixture?.Components ?? 1, prior.Selection, written);
    }
}
