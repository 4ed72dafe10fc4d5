using NeuralDx7.Corpus;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Generation;

/// <summary>One category: its name, how many voices of a collection it holds, how many the model trained on, whether it has a region to draw from.</summary>
public sealed record CategoryRow(VoiceCategory Category, string Name, int? Voices, int? TrainingVoices, bool CanGenerate);

/// <summary>The categories, and how much of a collection their name rules label.</summary>
/// <param name="Voices">Distinct voices in the collection read (null when none was given).</param>
/// <param name="Labelled">Of those, the ones whose names say a category.</param>
/// <param name="DrawnBy">The model carts of a kind are drawn by, when it is not the folder asked about (its <see cref="ModelFolder.ForCategories"/>).</param>
public sealed record CategoryCensusResult(IReadOnlyList<CategoryRow> Categories, int? Voices, int? Labelled, ModelFolder? DrawnBy = null)
{
    public double? Coverage => Voices is > 0 ? Labelled / (double)Voices : null;
}

/// <summary>What <c>dx7 categories</c> and <c>Get-Dx7Category</c> show: the vocabulary, the model's voices per category, a collection's counts.</summary>
public static class CategoryCensus
{
    /// <summary>The categories as <paramref name="model"/> draws them (by its <see cref="ModelFolder.ForCategories"/>), with <paramref name="data"/>'s counts when given.</summary>
    public static CategoryCensusResult Take(ModelFolder model, string? data, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var drawnBy = model.ForCategories;
        var priors = drawnBy.CategoryPriors;
        Dictionary<VoiceCategory, List<Dx7Voice>>? counted = null;
        int? total = null;
        if (data is not null)
        {
            var voices = Dx7Dataset.Open(data, progress, cancellation).Voices.Select(v => v.Voice).ToList();
            counted = CategoryPriors.ByCategory(voices);
            total = voices.Count;
        }

        var rows = VoiceCategories.All.Select(c => new CategoryRow(c, VoiceCategories.Name(c), counted is null ? null : counted.GetValueOrDefault(c)?.Count ?? 0,
            priors?.TrainingVoices.GetValueOrDefault(c), priors?.Priors.ContainsKey(c) == true)).ToList();
        return new CategoryCensusResult(rows, total, counted?.Values.Sum(l => l.Count), drawnBy == model ? null : drawnBy);
    }
}
