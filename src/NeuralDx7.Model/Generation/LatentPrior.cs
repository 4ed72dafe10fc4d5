using System.Text.Json;
using NeuralDx7.IO;
using NeuralDx7.Model.Statistics;
using NeuralDx7.Nn;

namespace NeuralDx7.Model.Generation;

/// <summary>Which density new voices are drawn from in the decoder's latent space.</summary>
public enum PriorKind
{
    /// <summary>A Gaussian mixture fitted to where the training voices' posteriors put them (the default when the model has one).</summary>
    Fitted,

    /// <summary>The standard normal N(0, I) the VAE was trained towards: the original project's sampling.</summary>
    Normal,
}

/// <summary>
/// The density new voices are drawn from. A VAE's posteriors do not fill N(0, I): points drawn from it often land
/// where no training voice is (the "prior hole"), and decode to voices nobody would make, silent ones among them.
/// A Gaussian mixture fitted to samples of the training voices' posteriors (the aggregate posterior) draws where
/// real voices live, yet, being smooth, rarely exactly on one of them.
/// </summary>
public sealed class LatentPrior
{
    public const string FileName = "latent-prior.json";

    private LatentPrior(int size, GaussianMixture? mixture, PriorSelection? selection)
    {
        Size = size;
        Mixture = mixture;
        Selection = selection;
    }

    public int Size { get; }

    /// <summary>The fitted mixture; null for the standard normal.</summary>
    public GaussianMixture? Mixture { get; }

    /// <summary>How the mixture's size was chosen, when it was fitted here.</summary>
    public PriorSelection? Selection { get; }

    public PriorKind Kind => Mixture is null ? PriorKind.Normal : PriorKind.Fitted;

    public static LatentPrior StandardNormal(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return new LatentPrior(size, null, null);
    }

    /// <summary>One point into <paramref name="z"/>.</summary>
    public void Sample(SeededRandom random, Span<float> z)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Mixture is null)
        {
            for (int i = 0; i < Size; i++)
            {
                z[i] = (float)random.NextNormal();
            }

            return;
        }

        Span<double> point = stackalloc double[Size];
        Mixture.Sample(random, point);
        for (int i = 0; i < Size; i++)
        {
            z[i] = (float)point[i];
        }
    }

    /// <summary>
    /// Fits mixtures of each size in <paramref name="componentChoices"/> to <paramref name="train"/> posterior samples
    /// and keeps the smallest under which the <paramref name="validation"/> samples are about as likely as under the best.
    /// </summary>
    public static LatentPrior Fit(IReadOnlyList<double[]> train, IReadOnlyList<double[]> validation, IReadOnlyList<int> componentChoices,
        ulong seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(componentChoices);
        var candidates = new List<PriorCandidate>();
        var mixtures = new List<GaussianMixture>();
        foreach (int components in componentChoices.Where(k => train.Count >= 2 * k).Order())
        {
            var mixture = GaussianMixture.Fit(train, components, seed, cancellation: cancellation);
            mixtures.Add(mixture);
            candidates.Add(new PriorCandidate(components, Math.Round(mixture.MeanLogDensity(train), 4),
                Math.Round(mixture.MeanLogDensity(validation.Count > 0 ? validation : train), 4)));
        }

        if (mixtures.Count == 0)
        {
            throw new ArgumentException($"{train.Count} posterior samples are too few to fit a latent prior.");
        }

        // The smallest mixture within a tenth of a nat of the best on validation: more components only follow the
        // training voices more closely, which draws nearer copies of them for no better fit to voices not seen.
        double best = candidates.Max(c => c.ValidationLogDensity);
        int chosen = candidates.FindIndex(c => c.ValidationLogDensity >= best - ParsimonyNats);
        return new LatentPrior(mixtures[chosen].Size, mixtures[chosen], new PriorSelection(train.Count, validation.Count, candidates));
    }

    /// <summary>How much worse on validation (mean log-density, nats) a smaller mixture may be and still be chosen over a larger one.</summary>
    public const double ParsimonyNats = 0.1;

    /// <summary>The mixture sizes tried when fitting to a model's posteriors.</summary>
    public static IReadOnlyList<int> ComponentChoices { get; } = [16, 32, 64, 128, 256];

    /// <summary>
    /// Fits the prior of a trained model: two posterior samples of each training voice (at most 12,000 voices, evenly
    /// spread) to fit, two of each validation voice to choose the mixture's size by.
    /// </summary>
    public static LatentPrior FitToPosteriors(VoiceGenerator generator, IReadOnlyList<Voice.Dx7Voice> train, IReadOnlyList<Voice.Dx7Voice> validation,
        ulong seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var random = new SeededRandom(seed);
        int step = Math.Max(1, (train.Count + 11_999) / 12_000);
        var fitOn = generator.PosteriorSamples([.. train.Where((_, i) => i % step == 0)], 2, random, cancellation);
        var chooseBy = generator.PosteriorSamples(validation, 2, random, cancellation);
        return Fit(fitOn, chooseBy, ComponentChoices, seed, cancellation);
    }

    public void Save(string path, bool overwrite)
    {
        if (Mixture is not GaussianMixture m)
        {
            throw new InvalidOperationException("The standard normal prior needs no file.");
        }

        var file = new LatentPriorFile("gaussian-mixture", Size,
            [.. Enumerable.Range(0, m.Components).Select(k => new PriorComponent(m.Weights[k], m.Means[k], m.CholeskyFactors[k]))], Selection);
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(file, ModelJson.Default.LatentPriorFile), overwrite);
    }

    /// <summary>Loads a prior saved by <see cref="Save"/>, checking it has <paramref name="size"/> dimensions.</summary>
    public static LatentPrior Load(string path, int size)
    {
        ArgumentNullException.ThrowIfNull(path);
        var length = new FileInfo(path).Length;
        if (length > 16 * 1024 * 1024)
        {
            throw new InvalidDataException($"{path}: {length} bytes is too large for a latent prior.");
        }

        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), ModelJson.Default.LatentPriorFile)
                ?? throw new InvalidDataException("empty");
            if (file.Kind != "gaussian-mixture" || file.Size != size || file.Components is not { Count: > 0 })
            {
                throw new InvalidDataException($"a {file.Kind} of {file.Size} dimensions with {file.Components?.Count ?? 0} components, where the model needs a gaussian-mixture of {size}");
            }

            var mixture = new GaussianMixture(
                [.. file.Components.Select(c => c.Weight)], [.. file.Components.Select(c => c.Mean)], [.. file.Components.Select(c => c.Cholesky)]);
            return new LatentPrior(size, mixture, file.Selection);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidDataException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: not a latent prior for this model ({e.Message}).", e);
        }
    }
}

/// <summary>How a fitted prior's size was chosen: the mean log-density of posterior samples for each candidate.</summary>
public sealed record PriorSelection(int TrainSamples, int ValidationSamples, IReadOnlyList<PriorCandidate> Candidates);

public sealed record PriorCandidate(int Components, double TrainLogDensity, double ValidationLogDensity);

internal sealed record PriorComponent(double Weight, double[] Mean, double[] Cholesky);

internal sealed record LatentPriorFile(string Kind, int Size, IReadOnlyList<PriorComponent> Components, PriorSelection? Selection);

