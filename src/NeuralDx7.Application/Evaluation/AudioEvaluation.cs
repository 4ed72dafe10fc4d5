using NeuralDx7.Application.Generation;
using NeuralDx7.Matching;
using NeuralDx7.Model.Generation;
using NeuralDx7.Model.Statistics;
using NeuralDx7.Nn;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Evaluation;

/// <summary>How a set of voices sounds, auditioned: shares that sound, stop, clip, and how far its timbre is from real voices'.</summary>
/// <param name="Voices">Voices auditioned.</param>
/// <param name="Sounds">Share heard while the key is held (RMS over -50 dBFS).</param>
/// <param name="Stops">Share silent in the last quarter second, after the release.</param>
/// <param name="Clipped">Share that reach full scale.</param>
/// <param name="Fd">Fréchet distance of the set's timbre features from the real reference voices'.</param>
public sealed record SoundFigures(int Voices, double Sounds, double Stops, double Clipped, double Fd);

/// <summary>What <see cref="AudioEvaluation"/> measured.</summary>
/// <param name="Samples">N: voices in each set.</param>
/// <param name="Model">The model's voices, as drawn, before screening.</param>
/// <param name="Screened">The model's voices after screening (silent and broken ones drawn again).</param>
/// <param name="RealFloor">Other real held-out voices: the distance the model cannot beat (real against real).</param>
/// <param name="Marginals">Voices with each parameter drawn on its own from the training marginals; null when the model folder lacks them.</param>
/// <param name="RawUnusable">Share of the model's first draws that screening replaced.</param>
public sealed record AudioEvaluationResult(
    int Samples, PriorKind Prior, double Temperature, SoundFigures Real, SoundFigures Model, SoundFigures Screened, SoundFigures RealFloor,
    SoundFigures? Marginals, double RawUnusable, IReadOnlyList<string> Features)
{
    /// <summary>The nucleus the voices were drawn from (1: every value).</summary>
    public double TopP { get; init; } = GenerationRequest.DefaultTopP;

    /// <summary>
    /// Real training voices against the same reference: what a model that drew exactly the voices it was trained on would
    /// score, so the part of the distance that is the held-out split's own difference from the training voices; null when not measured.
    /// </summary>
    public SoundFigures? TrainingVoices { get; init; }

    /// <summary>The parameters drawn at a multiple of the temperature ("none": all at it).</summary>
    public string TemperatureScale { get; init; } = global::NeuralDx7.Model.Generation.TemperatureScale.NoneWord;

    /// <summary>The synth every set was auditioned through.</summary>
    public Ear Ear { get; init; }

    /// <summary>Share of the raw model's voices that sound.</summary>
    public double Sounds => Model.Sounds;

    /// <summary>Share of the raw model's voices that stop after the release.</summary>
    public double Stops => Model.Stops;

    /// <summary>Share of the raw model's voices that reach full scale.</summary>
    public double Clipped => Model.Clipped;

    /// <summary>The raw model's Fréchet distance from the real voices: the number to steer by.</summary>
    public double Fd => Model.Fd;

    /// <summary>Real held-out voices against other real held-out voices: as low as a model can get.</summary>
    public double FdRealFloor => RealFloor.Fd;

    /// <summary>The independent-marginals baseline's distance; null without the model's marginals.</summary>
    public double? FdMarginals => Marginals?.Fd;

    /// <summary>Share of the screened voices that sound (100% unless a slot ran out of draws).</summary>
    public double SoundsScreened => Screened.Sounds;
}

/// <summary>What to audition: N of each set, drawn with a seed and prior, from real held-out voices, heard through <paramref name="Ear"/>.</summary>
public sealed record AudioEvaluationRequest(int Samples = 500, ulong Seed = 1, double? Temperature = null, PriorKind? Prior = null, double? TopP = null,
    TemperatureScale? TemperatureScale = null, Ear Ear = Ear.Ours)
{
    public const int MaxSamples = 20_000;

    /// <summary>The temperature voices are drawn at: the one asked for, or new carts' own default.</summary>
    public double SamplingTemperature => Temperature ?? GenerationRequest.DefaultTemperature;

    public void Validate()
    {
        Check.Range(nameof(Samples), Samples, 10, MaxSamples);
        Check.Range(nameof(Temperature), SamplingTemperature, 0, GenerationRequest.MaxTemperature);
        GenerationRequest.CheckTopP(TopP);
        Ears.Check(Ear);
    }
}

/// <summary>
/// Hears what a model generates, beside real voices it never saw: each voice played at middle C, velocity 100, held one
/// second and released for one, by our DX7 engine (or hexter, an emulator this project did not write). The figure to
/// steer by is the Fréchet distance (the idea of FID and Fréchet Audio Distance) between Gaussian fits of a dozen timbre
/// and envelope features, standardised on the real voices and clipped at five deviations so no single odd voice
/// dominates. Real voices against other real voices give the floor; voices from independent per-parameter marginals
/// give the baseline to beat.
/// </summary>
public static class AudioEvaluation
{
    public static AuditionOptions Audition { get; } = new() { Note = 60, Velocity = 100, HoldSeconds = 1, ReleaseSeconds = 1 };

    internal const double ClipDeviations = 5;

    /// <summary>Two disjoint real sets of <paramref name="samples"/> are compared for the floor: the held-out voices must hold them.</summary>
    public static void CheckEnoughHeldOut(int heldOut, int samples)
    {
        if (heldOut < 2 * samples)
        {
            throw new InvalidRequestException(nameof(EvaluationRequest.AudioSamples),
                $"must be at most half the {heldOut} held-out voices (two real sets of N are compared for the floor), not {samples}.");
        }
    }

    /// <param name="trainedOn">The voices the model was trained on, when known: N of them are heard for <see cref="AudioEvaluationResult.TrainingVoices"/>.</param>
    public static AudioEvaluationResult Run(ModelFolder model, IReadOnlyList<Dx7Voice> heldOut, AudioEvaluationRequest request,
        IReadOnlyList<Dx7Voice>? trainedOn = null, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        int n = request.Samples;
        CheckEnoughHeldOut(heldOut.Count, n);

        // Two disjoint real sets, drawn by the seed: the reference, and the floor's other half.
        var random = new SeededRandom(request.Seed);
        var order = Enumerable.Range(0, heldOut.Count).ToArray();
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var reference = order.Take(n).Select(i => heldOut[i]).ToList();
        var other = order.Skip(n).Take(n).Select(i => heldOut[i]).ToList();
        var generated = CartGeneration.Generate(model, new GenerationRequest(n, request.Seed, request.Temperature, request.Prior, Screen: false, TopP: request.TopP, TemperatureScale: request.TemperatureScale), cancellation);
        var screened = CartGeneration.Generate(model, new GenerationRequest(n, request.Seed, request.Temperature, request.Prior, Screen: true, TopP: request.TopP, TemperatureScale: request.TemperatureScale), cancellation);
        var marginals = model.Marginals is { } m ? Enumerable.Range(0, n).Select(_ => m.Sample(random)).ToList() : null;

        // Drawn after everything above, so the other sets are the same with or without it.
        var training = trainedOn is { } trained && trained.Count >= n ? Enumerable.Range(0, n).Select(_ => trained[random.NextInt(trained.Count)]).ToList() : null;

        var sets = new List<IReadOnlyList<Dx7Voice>> { reference, other, generated.Voices, screened.Voices };
        if (marginals is not null)
        {
            sets.Add(marginals);
        }

        if (training is not null)
        {
            sets.Add(training);
        }

        int total = sets.Sum(s => s.Count), done = 0;
        var heard = sets.Select(set => Hear(set, request.Ear, () => progress?.Report((Interlocked.Increment(ref done), total)), cancellation)).ToList();

        // Standardise on the real reference, clip, fit.
        var (mean, deviation) = Moments(heard[0].Features);
        var referenceFit = GaussianFit.Of(Standardise(heard[0].Features, mean, deviation));
        SoundFigures Figures(Heard h) => new(h.Features.Count, h.Sounds, h.Stops, h.Clipped,
            GaussianFit.FrechetDistance(GaussianFit.Of(Standardise(h.Features, mean, deviation)), referenceFit));

        var screening = screened.Screening!;
        return new AudioEvaluationResult(n, generated.Prior!.Value, request.SamplingTemperature, Figures(heard[0]), Figures(heard[2]), Figures(heard[3]), Figures(heard[1]),
            marginals is null ? null : Figures(heard[4]), (double)screening.FirstDrawUnusable / screening.FirstDraw, TimbreFeatures.Names) {
            TopP = generated.TopP,
            TemperatureScale = generated.TemperatureScale.ToString(),
            TrainingVoices = training is null ? null : Figures(heard[^1]),
            Ear = request.Ear,
        };
    }

    /// <summary>Each voice's timbre features from the evaluation's audition (middle C held a second, a second of release), over the cores.</summary>
    public static double[][] Features(IReadOnlyList<Dx7Voice> voices, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(voices);
        return [.. Hear(voices, Ear.Ours, () => { }, cancellation).Features];
    }

    private sealed record Heard(IReadOnlyList<double[]> Features, double Sounds, double Stops, double Clipped);

    private static Heard Hear(IReadOnlyList<Dx7Voice> voices, Ear ear, Action rendered, CancellationToken cancellation)
    {
        var features = new double[voices.Count][];
        var verdicts = new AuditionVerdict[voices.Count];
        int held = Audition.SampleCounts.Hold;
        var render = Ears.Renderer(ear);
        Parallel.For(0, voices.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            var samples = render(voices[i], Audition);
            verdicts[i] = AuditionVerdict.Of(samples, Audition.SampleRate, held);
            features[i] = TimbreFeatures.Measure(samples, Audition.SampleRate, held);
            rendered();
        });

        return new Heard(features, Share(verdicts, v => v.Sounds), Share(verdicts, v => v.Stops), Share(verdicts, v => v.Clipped));
    }

    private static double Share(AuditionVerdict[] verdicts, Func<AuditionVerdict, bool> test) => (double)verdicts.Count(test) / verdicts.Length;

    /// <summary>Each feature's mean and deviation over <paramref name="points"/> (a deviation never below 1e-9).</summary>
    internal static (double[] Mean, double[] Deviation) Moments(IReadOnlyList<double[]> points)
    {
        var fit = GaussianFit.Of(points);
        var deviation = Enumerable.Range(0, fit.Size).Select(i => Math.Max(Math.Sqrt(fit.Covariance[i, i]), 1e-9)).ToArray();
        return (fit.Mean, deviation);
    }

    private static List<double[]> Standardise(IReadOnlyList<double[]> points, double[] mean, double[] deviation) =>
        [.. points.Select(x => Standardise(x, mean, deviation))];

    /// <summary>Features in deviations from the real voices' mean, clipped so one extreme feature cannot decide.</summary>
    internal static double[] Standardise(double[] features, double[] mean, double[] deviation) =>
        [.. features.Select((v, i) => Math.Clamp((v - mean[i]) / deviation[i], -ClipDeviations, ClipDeviations))];
}
