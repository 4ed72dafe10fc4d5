using System.Text.Json;
using NeuralDx7.IO;
using NeuralDx7.Nn;
using NeuralDx7.Voice;

namespace NeuralDx7.Model.Generation;

/// <summary>
/// Where each category's training voices sit in the decoder's latent space: per category (read from the voices' names
/// by <see cref="VoiceCategories"/>), a Gaussian mixture fitted to their posteriors, its size chosen on the category's
/// validation voices. Drawing from the bass prior draws where the model put the basses it was trained on.
/// </summary>
public sealed class CategoryPriors
{
    public const string FileName = "category-priors.json";

    /// <summary>Training voices a category needs for a prior of its own: fewer give a region too small to draw new voices from.</summary>
    public const int MinimumVoices = 40;

    /// <summary>Mixture sizes tried per category.</summary>
    public static IReadOnlyList<int> ComponentChoices { get; } = [1, 2, 4, 8, 16];

    private const int SamplesPerVoice = 4;
    private const int MaxVoicesPerCategory = 2000;

    public CategoryPriors(IReadOnlyDictionary<VoiceCategory, LatentPrior> priors, IReadOnlyDictionary<VoiceCategory, int> trainingVoices)
    {
        Priors = priors ?? throw new ArgumentNullException(nameof(priors));
        TrainingVoices = trainingVoices ?? throw new ArgumentNullException(nameof(trainingVoices));
    }

    /// <summary>The categories with a prior.</summary>
    public IReadOnlyDictionary<VoiceCategory, LatentPrior> Priors { get; }

    /// <summary>How many training voices each category had, those without a prior too.</summary>
    public IReadOnlyDictionary<VoiceCategory, int> TrainingVoices { get; }

    /// <summary>Fits a prior for every category with at least <see cref="MinimumVoices"/> training voices.</summary>
    public static CategoryPriors Fit(VoiceGenerator generator, IReadOnlyList<Dx7Voice> train, IReadOnlyList<Dx7Voice> validation, ulong seed,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var trainBy = ByCategory(train);
        var validationBy = ByCategory(validation);
        var priors = new Dictionary<VoiceCategory, LatentPrior>();
        var random = new SeededRandom(seed);
        foreach (var (category, voices) in trainBy.OrderBy(kv => kv.Key))
        {
            if (voices.Count < MinimumVoices)
            {
                continue;
            }

            int step = Math.Max(1, (voices.Count + MaxVoicesPerCategory - 1) / MaxVoicesPerCategory);
            var fitOn = generator.PosteriorSamples([.. voices.Where((_, i) => i % step == 0)], SamplesPerVoice, random, cancellation);
            var held = validationBy.GetValueOrDefault(category) ?? [];
            var chooseBy = held.Count >= 8 ? generator.PosteriorSamples(held, SamplesPerVoice, random, cancellation) : fitOn;
            if (LatentPrior.FitMixture(fitOn, chooseBy, ComponentChoices, seed, cancellation) is { } prior)
            {
                priors[category] = prior;
            }
        }

        return new CategoryPriors(priors, trainBy.ToDictionary(kv => kv.Key, kv => kv.Value.Count));
    }

    /// <summary>Voices grouped by the category their names say; voices whose names say none are left out.</summary>
    public static Dictionary<VoiceCategory, List<Dx7Voice>> ByCategory(IEnumerable<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        var groups = new Dictionary<VoiceCategory, List<Dx7Voice>>();
        foreach (var voice in voices)
        {
            if (VoiceCategories.FromName(voice.Name) is { } category)
            {
                (groups.TryGetValue(category, out var list) ? list : groups[category] = []).Add(voice);
            }
        }

        return groups;
    }

    public void Save(string path, bool overwrite)
    {
        var file = new CategoryPriorsFile("category-priors",
            [.. VoiceCategories.All.Where(TrainingVoices.ContainsKey).Select(c => new CategoryPriorEntry(
                VoiceCategories.Name(c), TrainingVoices[c], Priors.TryGetValue(c, out var p) ? p.ToFile() : null))]);
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(file, ModelJson.Default.CategoryPriorsFile), overwrite);
    }

    /// <summary>Loads what <see cref="Save"/> wrote, checking every prior has <paramref name="size"/> dimensions.</summary>
    public static CategoryPriors Load(string path, int size)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = IO.BoundedFile.ReadAllBytes(path, 16 * 1024 * 1024, "category priors");
        try
        {
            var file = JsonSerializer.Deserialize(bytes, ModelJson.Default.CategoryPriorsFile);
            if (file is not { Kind: "category-priors", Categories: not null })
            {
                throw new InvalidDataException("not category priors");
            }

            var priors = new Dictionary<VoiceCategory, LatentPrior>();
            var counts = new Dictionary<VoiceCategory, int>();
            foreach (var entry in file.Categories)
            {
                var category = VoiceCategories.Parse(entry.Name) ?? throw new InvalidDataException($"unknown category '{entry.Name}'");
                counts[category] = entry.TrainingVoices;
                if (entry.Prior is not null)
                {
                    priors[category] = LatentPrior.FromFile(entry.Prior, size);
                }
            }

            return new CategoryPriors(priors, counts);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: not category priors for this model ({(e is JsonException json ? ModelJson.Describe(json) : e.Message)}).", e);
        }
    }
}

internal sealed record CategoryPriorEntry(string Name, int TrainingVoices, LatentPriorFile? Prior);

internal sealed record CategoryPriorsFile(string Kind, IReadOnlyList<CategoryPriorEntry> Categories);
