using NeuralDx7.Matching;
using NeuralDx7.Codec;
using NeuralDx7.Synth;

namespace NeuralDx7.Tests.Matching;

/// <summary>The match distance's fast spectrogram (frames batched across vector lanes, float) against the plain double-precision one.</summary>
public sealed class SpectralDistanceTests
{
    private static readonly AuditionOptions Audition = new() { Note = 60, Velocity = 100, HoldSeconds = 1, ReleaseSeconds = 1, SampleRate = 22050 };

    private static IEnumerable<float[]> RomSounds(string rom, int count) =>
        Dx7Reader.ReadFile(SharedData.Rom(rom)).Voices.Take(count).Select(v => AuditionRenderer.Render(v.Voice, Audition))
            .Where(s => s.Any(x => x != 0));

    private static double Rms(float[] x) => Math.Sqrt(x.Sum(v => (double)v * v) / x.Length);

    [CorpusTheory]
    [InlineData(2048)]
    [InlineData(1024)]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(4)]
    public void The_batched_spectrogram_of_factory_voices_matches_the_reference_within_float_rounding(int size)
    {
        foreach (var sound in RomSounds("ROM1A", 8))
        {
            double scale = 1 / Rms(sound);
            var fast = SpectralDistance.LogSpectrogram(sound, size, scale);
            var reference = SpectralDistance.LogSpectrogramReference(sound, size, scale);
            Assert.Equal(reference.Length, fast.Length);
            double mean = fast.Zip(reference, (a, b) => Math.Abs(a - b)).Average();
            // Float rounding leaves about 1e-5 of absolute error in |X|: a few thousandths of a neper where |X| is over 0.05,
            // more only near the floor (1e-4), where nothing is heard; the distance test below bounds what it does to a match.
            double worstAudible = fast.Zip(reference, (a, b) => b > -3 ? Math.Abs(a - b) : 0).Max();
            Assert.True(mean < 2.5e-3, $"size {size}: mean difference {mean}");
            Assert.True(worstAudible < 2e-3, $"size {size}: worst difference above the floor {worstAudible}");
        }
    }

    [Fact]
    public void A_signal_shorter_than_a_window_and_one_of_a_few_samples_are_one_zero_padded_frame()
    {
        var random = new Random(3);
        foreach (int length in new[] { 1, 5, 300, 2047 })
        {
            var signal = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var fast = SpectralDistance.LogSpectrogram(signal, 2048, 1);
            var reference = SpectralDistance.LogSpectrogramReference(signal, 2048, 1);
            Assert.Equal(1025, fast.Length);
            Assert.True(fast.Zip(reference, (a, b) => Math.Abs(a - b)).Max() < 1e-3, $"length {length}");
        }
    }

    [CorpusFact]
    public void Distances_between_factory_voices_match_those_measured_through_the_reference()
    {
        var sounds = RomSounds("ROM1B", 6).ToArray();
        var target = new SpectralDistance(sounds[0], Audition.SampleRate);
        foreach (var sound in sounds.Skip(1))
        {
            double fast = target.Distance(sound);
            double throughMeasure = target.Distance(SpectralDistance.Measure(sound, Audition.SampleRate));
            Assert.Equal(fast, throughMeasure, 1e-9); // the search's path and the retrieval's agree exactly
            double reference = ReferenceDistance(sounds[0], sound);
            Assert.True(Math.Abs(fast - reference) < 1e-3 * reference, $"{fast} against {reference}");
        }

        Assert.Equal(0, target.Distance(sounds[0]), 1e-12);
    }

    // The distance as SpectralDistance defines it, every spectrogram through the double-precision reference.
    private static double ReferenceDistance(float[] a, float[] b)
    {
        int[] sizes = [2048, 1024, 512, 256];
        double total = sizes.Select(size =>
        {
            var x = SpectralDistance.LogSpectrogramReference(a, size, 1 / Rms(a));
            var y = SpectralDistance.LogSpectrogramReference(b, size, 1 / Rms(b));
            return x.Zip(y, (p, q) => Math.Abs((double)p - q)).Average();
        }).Sum();
        var la = SpectralDistance.Loudness(a, Audition.SampleRate);
        var lb = SpectralDistance.Loudness(b, Audition.SampleRate);
        return (total / sizes.Length) + (la.Zip(lb, (p, q) => Math.Abs((double)p - q)).Average() / 20);
    }
}
