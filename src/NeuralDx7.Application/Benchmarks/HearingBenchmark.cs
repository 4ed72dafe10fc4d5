using NeuralDx7.Matching;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Benchmarks;

/// <summary>What hearing one voice costs the matcher on one core: rendering it, and its distance from a target, fast and by the plain reference.</summary>
/// <param name="RenderMs">Rendering a 2-second audition at the matcher's 22,050 Hz.</param>
/// <param name="DistanceMs">Its distance from a target: four log spectrograms (batched float FFT) and the loudness envelope.</param>
/// <param name="ReferenceDistanceMs">The same spectrograms by the plain double-precision FFT, one frame at a time (the anchor).</param>
public sealed record HearingFigures(double RenderMs, double DistanceMs, double ReferenceDistanceMs)
{
    /// <summary>Voices the search hears a second on one core.</summary>
    public double VoicesPerSecond => 1000 / (RenderMs + DistanceMs);
}

/// <summary>The matcher's inner loop, timed: what decides how many voices <c>dx7 match</c> hears in a minute.</summary>
public static class HearingBenchmark
{
    public static HearingFigures Run(IReadOnlyList<Dx7Voice> voices, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(voices);
        var audition = new AuditionOptions { Note = 60, Velocity = 100, HoldSeconds = 1, ReleaseSeconds = 1, SampleRate = TargetSound.SampleRate };
        var sounds = voices.Select(v => AuditionRenderer.Render(v, audition)).Where(s => s.Any(x => x != 0)).ToArray();
        if (sounds.Length < 2)
        {
            throw new InvalidDataException("Timing the distance needs at least two voices that sound.");
        }

        var target = new SpectralDistance(sounds[0], TargetSound.SampleRate);
        int next = 0;
        double render = Measurement.SecondsPerRun(() => AuditionRenderer.Render(voices[next++ % voices.Count], audition), cancellation: cancellation);
        double distance = Measurement.SecondsPerRun(() => target.Distance(sounds[1 + (next++ % (sounds.Length - 1))]), cancellation: cancellation);
        double reference = Measurement.SecondsPerRun(
            () => SpectralDistance.MeasureByReference(sounds[1 + (next++ % (sounds.Length - 1))], TargetSound.SampleRate), cancellation: cancellation);
        return new HearingFigures(render * 1000, distance * 1000, reference * 1000);
    }
}
