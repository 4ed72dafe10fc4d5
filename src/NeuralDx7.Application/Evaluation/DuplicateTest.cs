using NeuralDx7.Application.Generation;
using NeuralDx7.Corpus;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Application.Evaluation;

/// <summary>The duplicate test: how many voices to draw, how, and (for near-copies) the data the model was trained on.</summary>
/// <param name="Data">The training data (a data set, folder or file): near-copies need the training voices themselves.</param>
/// <param name="Screen">Draw as carts are drawn, silent voices drawn again (the default), or as the raw model draws.</param>
public sealed record DuplicateTestRequest(int Samples = 1000, ulong Seed = 1, double? Temperature = null, PriorKind? Prior = null, string? Data = null, bool Screen = true, double? TopP = null,
    TemperatureScale? TemperatureScale = null)
{
    public const int MaxSamples = 1_000_000;

    /// <summary>The temperature voices are drawn at: the one asked for, or new carts' own default.</summary>
    public double SamplingTemperature => Temperature ?? GenerationRequest.DefaultTemperature;

    /// <summary>A sample with a training voice at most this many sound parameters away is a near-copy.</summary>
    public const int NearCopyDistance = 3;

    public void Validate()
    {
        Check.Range(nameof(Samples), Samples, 1, MaxSamples);
        Check.Range(nameof(Temperature), SamplingTemperature, 0, GenerationRequest.MaxTemperature);
        GenerationRequest.CheckTopP(TopP);
    }
}

/// <summary>The original's duplicate test, and more: distinct samples, copies and near-copies of training voices, valid voices.</summary>
/// <param name="Unique">Share of distinct sounds among the samples (the name is ignored).</param>
/// <param name="Copies">Share equal in sound to a training voice; null when the model folder does not list its training voices.</param>
/// <param name="NearCopies">Share within <see cref="DuplicateTestRequest.NearCopyDistance"/> differing parameters of a training voice, copies
/// included; null without the training data.</param>
/// <param name="Valid">Share with every parameter in range.</param>
/// <param name="Warnings">What could not be measured, and why.</param>
public sealed record DuplicateTestResult(
    int Samples, double Unique, double? Copies, double? NearCopies, int NearCopyDistance, double Valid, PriorKind Prior, double Temperature,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The nucleus the voices were drawn from (1: every value).</summary>
    public double TopP { get; init; } = GenerationRequest.DefaultTopP;

    /// <summary>The parameters drawn at a multiple of the temperature ("none": all at it).</summary>
    public string TemperatureScale { get; init; } = global::NeuralDx7.Model.Generation.TemperatureScale.NoneWord;
}

public static class DuplicateTest
{
    private const int Batch = 1024;

    public static DuplicateTestResult Run(ModelFolder model, DuplicateTestRequest request, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var warnings = new List<string>();
        if (!model.KnowsTrainingVoices)
        {
            warnings.Add($"{model.Path} does not list the voices it was trained on: copies cannot be counted.");
        }

        SoundIndex? index = null;
        if (request.Data is null)
        {
            warnings.Add("Near-copies need the training voices: give the data the model was trained on to count them.");
        }
        else if (model.KnowsTrainingVoices)
        {
            index = new SoundIndex(TrainingData.Open(request.Data, model, cancellation: cancellation).TrainedOn);
            if (index.Voices.Count == 0)
            {
                warnings.Add($"None of the voices in {request.Data} is one the model was trained on: near-copies were not counted.");
                index = null;
            }
        }

        var tally = new DuplicateTally(model.KnowsTrainingVoices ? model.Trained.TrainingVoices : null, index);
        PriorKind prior = PriorKind.Normal;
        (double TopP, TemperatureScale? Scale) drawnWith = default;
        for (int batch = 0, done = 0; done < request.Samples; batch++)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(Batch, request.Samples - done);
            var generated = CartGeneration.Generate(model,
                new GenerationRequest(n, request.Seed + (ulong)batch, request.Temperature, request.Prior, request.Screen, TopP: request.TopP, TemperatureScale: request.TemperatureScale), cancellation);
            prior = generated.Prior!.Value;
            drawnWith = (generated.TopP, generated.TemperatureScale);
            tally.Add(generated.Voices, cancellation);
            done += n;
            progress?.Report((done, request.Samples));
        }

        return tally.Result(prior, request.SamplingTemperature, warnings) with
        {
            TopP = drawnWith.TopP,
            TemperatureScale = drawnWith.Scale!.ToString(),
        };
    }
}

/// <summary>
/// Counts what the duplicate test reports over voices given to it: distinct sounds, copies of training voices (by
/// fingerprint), near-copies (by the nearest training voice), valid voices.
/// </summary>
/// <param name="trainingVoices">Sound fingerprints of the training voices; null when unknown (copies are not counted).</param>
/// <param name="index">The training voices themselves; null when not at hand (near-copies are not counted).</param>
public sealed class DuplicateTally(IReadOnlySet<ulong>? trainingVoices, SoundIndex? index)
{
    private readonly HashSet<ulong> _sounds = [];
    private int _samples, _copies, _nearCopies, _valid;

    public void Add(IReadOnlyList<Voice.Dx7Voice> voices, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(voices);
        var nearest = new int[voices.Count];
        if (index is not null)
        {
            Parallel.For(0, voices.Count, new ParallelOptions { CancellationToken = cancellation }, i => nearest[i] = index.Nearest(voices[i]).Distance);
        }

        for (int i = 0; i < voices.Count; i++)
        {
            ulong sound = voices[i].SoundFingerprint;
            _sounds.Add(sound);
            _copies += trainingVoices?.Contains(sound) == true ? 1 : 0;
            _nearCopies += index is not null && nearest[i] <= DuplicateTestRequest.NearCopyDistance ? 1 : 0;
            _valid += voices[i].IsValid ? 1 : 0;
        }

        _samples += voices.Count;
    }

    public DuplicateTestResult Result(PriorKind prior, double temperature, IReadOnlyList<string> warnings)
    {
        double total = Math.Max(1, _samples);
        return new DuplicateTestResult(_samples, _sounds.Count / total, trainingVoices is null ? null : _copies / total,
            index is null ? null : _nearCopies / total, DuplicateTestRequest.NearCopyDistance, _valid / total, prior, temperature, warnings);
    }
}
