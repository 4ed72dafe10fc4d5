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
public sealed class LatentPrior : ILatentSource
{
    public const string FileName = "latent-prior.json";

    /// <summary>Posterior samples per example that a prior around examples measures each example's spread with.</summary>
    public const int SamplesPerExample = 64;

    private LatentPrior(int size, GaussianMixture? mixture, PriorSelection? selection, double spread = 1)
    {
        Size = size;
        Mixture = mixture;
        Selection = selection;
        Spread = spread;
    }

    public int Size { get; }

    /// <summary>How far from its components' means a draw goes, in multiples of their deviations (1: as fitted).</summary>
    public double Spread { get; }

    /// <summary>This prior with its deviations scaled by <paramref name="spread"/>.</summary>
    public LatentPrior WithSpread(double spread)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spread);
        return new LatentPrior(Size, Mixture, Selection, spread);
    }

    void ILatentSource.Sample(int slot, SeededRandom random, Span<float> z) => Sample(random, z);

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
                z[i] = (float)(random.NextNormal() * Spread);
            }

            return;
        }

        Span<double> point = stackalloc double[Size];
        Mixture.Sample(random, point, Spread);
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
        return FitMixture(train, validation, componentChoices, seed, cancellation)
            ?? throw new ArgumentException($"{train.Count} posterior samples are too few to fit a latent prior.");
    }

    /// <summary>As <see cref="Fit"/>, or null when there are too few samples for the smallest mixture.</summary>
    internal static LatentPrior? FitMixture(IReadOnlyList<double[]> train, IReadOnlyList<double[]> validation, IReadOnlyList<int> componentChoices,
        ulong seed, CancellationToken cancellation)
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
            return null;
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

    /// <summary>
    /// A prior around example voices: one equally weighted Gaussian per example, fitted to samples of its posterior
    /// through the flows, so new voices are drawn where the encoder would put voices like it, no nearer and no further.
    /// </summary>
    public static LatentPrior Around(VoiceGenerator generator, IReadOnlyList<Voice.Dx7Voice> examples, double spread, ulong seed,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            throw new ArgumentException("A prior around examples needs at least one voice.", nameof(examples));
        }

        int size = generator.LatentSize;
        var samples = generator.PosteriorSamplesByVoice(examples, SamplesPerExample, new SeededRandom(seed), cancellation);
        var means = new double[examples.Count][];
        var factors = new double[examples.Count][];
        for (int e = 0; e < examples.Count; e++)
        {
            var fit = GaussianFit.Of(samples[e]);
            means[e] = fit.Mean;
            var covariance = new double[size * size];
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    covariance[(i * size) + j] = fit.Covariance[i, j] + (i == j ? 1e-6 : 0);
                }
            }

            factors[e] = new double[size * size];
            if (!SymmetricMatrix.TryCholesky(covariance, size, factors[e]))
            {
                throw new InvalidOperationException($"The posterior of example {e} has a degenerate spread.");
            }
        }

        return new LatentPrior(size, new GaussianMixture([.. Enumerable.Repeat(1.0, examples.Count)], means, factors), null, spread);
    }

    public void Save(string path, bool overwrite) =>
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(ToFile(), ModelJson.Default.LatentPriorFile), overwrite);

    internal LatentPriorFile ToFile()
    {
        if (Mixture is not GaussianMixture m)
        {
            throw new InvalidOperationException("The standard normal prior needs no file.");
        }

        return new LatentPriorFile("gaussian-mixture", Size,
            [.. Enumerable.Range(0, m.Components).Select(k => new PriorComponent(m.Weights[k], m.Means[k], m.CholeskyFactors[k]))], Selection);
    }

    /// <summary>The prior a file describes; throws <see cref="InvalidDataException"/> saying why it is not one of <paramref name="size"/> dimensions.</summary>
    internal static LatentPrior FromFile(LatentPriorFile? file, int size)
    {
        if (file is null || file.Kind != "gaussian-mixture" || file.Size != size || file.Components is not { Count: > 0 })
        {
            throw new InvalidDataException($"a {file?.Kind} of {file?.Size} dimensions with {file?.Components?.Count ?? 0} components, where the model needs a gaussian-mixture of {size}");
        }

        // A latent lives within a few units of 0: numbers far outside that (or not numbers) are damage, and would draw
        // latents the decoder never saw, voices that make no sound.
        const double Absurd = 1000;
        for (int k = 0; k < file.Components.Count; k++)
        {
            var c = file.Components[k];
            if (!double.IsFinite(c.Weight) || c.Weight <= 0 || c.Weight > 1)
            {
                throw new InvalidDataException($"component {k + 1} weighs {c.Weight}, where a weight is above 0 and at most 1");
            }

            if (c.Mean?.Length != size || c.Cholesky?.Length != size * size)
            {
                throw new InvalidDataException($"component {k + 1} has {c.Mean?.Length ?? 0} means and {c.Cholesky?.Length ?? 0} Cholesky factors, where the model needs {size} and {size * size}");
            }

            if (c.Mean.Concat(c.Cholesky).Where(v => !double.IsFinite(v) || Math.Abs(v) > Absurd).Select(v => (double?)v).FirstOrDefault() is double bad)
            {
                throw new InvalidDataException($"component {k + 1} holds {bad}, where a prior's numbers are a few units at most");
            }

            for (int d = 0; d < size; d++)
            {
                if (!(c.Cholesky[(d * size) + d] > 0))
                {
                    throw new InvalidDataException($"component {k + 1}'s Cholesky factor has {c.Cholesky[(d * size) + d]} on its diagonal, where it must be above 0");
                }
            }
        }

        var mixture = new GaussianMixture(
            [.. file.Components.Select(c => c.Weight)], [.. file.Components.Select(c => c.Mean)], [.. file.Components.Select(c => c.Cholesky)]);
        return new LatentPrior(size, mixture, file.Selection);
    }

    /// <summary>Loads a prior saved by <see cref="Save"/>, checking it has <paramref name="size"/> dimensions.</summary>
    public static LatentPrior Load(string path, int size)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = IO.BoundedFile.ReadAllBytes(path, 16 * 1024 * 1024, "a latent prior");
        try
        {
            return FromFile(JsonSerializer.Deserialize(bytes, ModelJson.Default.LatentPriorFile), size);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidDataException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: not a latent prior for this model ({(e is JsonException json ? ModelJson.Describe(json) : e.Message)}).", e);
        }
    }
}

/// <summary>Where a voice's latent comes from: slot i of a cart draws its latent from here with its own random stream.</summary>
public interface ILatentSource
{
    int Size { get; }

    /// <summary>Slot <paramref name="slot"/>'s latent into <paramref name="z"/>.</summary>
    void Sample(int slot, SeededRandom random, Span<float> z);
}

/// <summary>Given latents, slot i taking latent i (of a list of <see cref="Size"/>-number latents).</summary>
public sealed class FixedLatents(IReadOnlyList<float[]> latents) : ILatentSource
{
    public int Size { get; } = latents?.Count > 0 ? latents[0].Length : throw new ArgumentException("No latents given.", nameof(latents));

    public int Count => latents.Count;

    public void Sample(int slot, SeededRandom random, Span<float> z) => latents[slot].CopyTo(z);
}

/// <summary>How a fitted prior's size was chosen: the mean log-density of posterior samples for each candidate.</summary>
public sealed record PriorSelection(int TrainSamples, int ValidationSamples, IReadOnlyList<PriorCandidate> Candidates);

public sealed record PriorCandidate(int Components, double TrainLogDensity, double ValidationLogDensity);

internal sealed record PriorComponent(double Weight, double[] Mean, double[] Cholesky);

internal sealed record LatentPriorFile(string Kind, int Size, IReadOnlyList<PriorComponent> Components, PriorSelection? Selection);

