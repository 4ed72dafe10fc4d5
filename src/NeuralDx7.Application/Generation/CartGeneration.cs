using NeuralDx7.Model.Generation;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Generation;

/// <summary>What to generate: how many voices, from which seed and prior, at what temperature, screened or not.</summary>
/// <param name="Count">Voices to make; 32 fill a cartridge.</param>
/// <param name="Seed">The same seed gives the same voices; null draws one (reported in the result).</param>
/// <param name="Temperature">0 takes each parameter's most likely value; above 0 samples, more varied as it grows; null: <see cref="DefaultTemperature"/>.</param>
/// <param name="Prior">Where latents are drawn from; null: the fitted prior when the model has one, else the normal.</param>
/// <param name="Screen">Render every voice and draw silent or broken ones again.</param>
public sealed record GenerationRequest(int Count = 32, ulong? Seed = null, double? Temperature = null, PriorKind? Prior = null, bool Screen = true)
{
    public const int MaxCount = 4096;
    public const double MaxTemperature = 10;

    /// <summary>
    /// New voices are drawn at 1 unless told: on the validation split, the sound of voices drawn at 1 came nearest the real
    /// ones (Fréchet distance 2.0 screened, against 5.1 at 0, where every voice takes its most likely values; BENCHMARKS.md).
    /// </summary>
    public const double DefaultTemperature = 1;

    /// <summary>The temperature voices are drawn at: the one asked for, or <see cref="DefaultTemperature"/>.</summary>
    public double SamplingTemperature => Temperature ?? DefaultTemperature;

    public void Validate()
    {
        Check.Range(nameof(Count), Count, 1, MaxCount);
        Check.Range(nameof(Temperature), SamplingTemperature, 0, MaxTemperature);
    }

    /// <summary>The seed asked for, or a new one: every result names the seed that reproduces it.</summary>
    public ulong SeedOrNew() => Seed ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
}

/// <summary>What screening did: voices judged on the first draw, how many of those were unusable, and what was left after redrawing.</summary>
/// <param name="FirstDraw">Voices judged on their first draw (the raw model).</param>
/// <param name="FirstDrawUnusable">Of those, silent or broken.</param>
/// <param name="Redraws">Further draws made in their place.</param>
/// <param name="Unusable">Slots still unusable when the draws ran out (kept: the best of their draws).</param>
public sealed record ScreeningSummary(int FirstDraw, int FirstDrawUnusable, int Redraws, int Unusable);

/// <summary>New voices, with the seed and prior that made them (no prior for moves from given voices) and what screening did.</summary>
public sealed record GenerationResult(IReadOnlyList<Dx7Voice> Voices, ulong Seed, PriorKind? Prior, ScreeningSummary? Screening);

/// <summary>
/// New voices from a model, the way both front ends make them: drawn from the prior, decoded, and, unless asked
/// not to, each one auditioned with our DX7 engine and drawn again while it is silent or broken, so a musician is
/// never handed a voice that makes no sound.
/// </summary>
public static class CartGeneration
{
    /// <summary>Draws per slot before a slot's best voice is kept even if unusable.</summary>
    public const int MaxDraws = 16;

    /// <summary>The screening audition: middle C at velocity 100, held one second.</summary>
    public static AuditionOptions ScreeningAudition { get; } = new() { Note = 60, Velocity = 100, HoldSeconds = 1, ReleaseSeconds = 0 };

    public static GenerationResult Generate(ModelFolder model, GenerationRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        ulong seed = request.SeedOrNew();
        var prior = model.Prior(request.Prior);
        var generator = model.Generator;
        var slots = Enumerable.Range(0, request.Count).ToArray();
        var voices = generator.SampleSlots(seed, slots, 0, request.SamplingTemperature, prior).ToArray();
        if (!request.Screen)
        {
            return new GenerationResult(voices, seed, prior.Kind, null);
        }

        var verdicts = Audition(voices, cancellation);
        var unusable = slots.Where(s => !verdicts[s].Usable).ToList();
        int firstDrawUnusable = unusable.Count, redraws = 0;
        for (int draw = 1; draw < MaxDraws && unusable.Count > 0; draw++)
        {
            cancellation.ThrowIfCancellationRequested();
            var candidates = generator.SampleSlots(seed, unusable, draw, request.SamplingTemperature, prior);
            var candidateVerdicts = Audition(candidates, cancellation);
            redraws += candidates.Count;
            for (int i = 0; i < candidates.Count; i++)
            {
                int slot = unusable[i];
                if (Better(candidateVerdicts[i], verdicts[slot]))
                {
                    voices[slot] = candidates[i];
                    verdicts[slot] = candidateVerdicts[i];
                }
            }

            unusable = unusable.Where(s => !verdicts[s].Usable).ToList();
        }

        return new GenerationResult(voices, seed, prior.Kind, new ScreeningSummary(slots.Length, firstDrawUnusable, redraws, unusable.Count));
    }

    /// <summary>Each voice's verdict from the screening audition, rendered over the cores.</summary>
    public static AuditionVerdict[] Audition(IReadOnlyList<Dx7Voice> voices, CancellationToken cancellation = default) =>
        Audition(voices, ScreeningAudition, cancellation);

    public static AuditionVerdict[] Audition(IReadOnlyList<Dx7Voice> voices, AuditionOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(voices);
        ArgumentNullException.ThrowIfNull(options);
        var verdicts = new AuditionVerdict[voices.Count];
        int held = options.SampleCounts.Hold;
        Parallel.For(0, voices.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
            verdicts[i] = AuditionVerdict.Of(AuditionRenderer.Render(voices[i], options), options.SampleRate, held));
        return verdicts;
    }

    // A usable voice beats an unusable one; between unusable ones, the unbroken and louder.
    private static bool Better(AuditionVerdict candidate, AuditionVerdict current) =>
        candidate.Usable != current.Usable ? candidate.Usable
        : candidate.Broken != current.Broken ? !candidate.Broken
        : !candidate.Usable && candidate.HeldDb > current.HeldDb;
}
