using NeuralDx7.Model.Generation;
using NeuralDx7.Nn;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Matching;

/// <summary>What the audio encoder learns from: each voice's sound, heard at a random key, and where the model's encoder puts the voice.</summary>
public static class AudioEncoderExamples
{
    /// <summary>The keys voices are heard at: from C2 to C6, so a sound is recognised wherever it is played.</summary>
    public const int LowestNote = 36, HighestNote = 84;

    private const int ReportEvery = 256;

    /// <summary>
    /// Every voice rendered at a key drawn from <paramref name="seed"/> (held a second, released half a second) and embedded,
    /// beside its latent: the pairs <see cref="AudioEncoder.Train"/> takes.
    /// </summary>
    public static (List<float[]> Embeddings, List<float[]> Latents) Of(VoiceGenerator generator, IReadOnlyList<Dx7Voice> voices, ulong seed,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(voices);
        var random = new SeededRandom(seed);
        var notes = voices.Select(_ => LowestNote + random.NextInt(HighestNote - LowestNote + 1)).ToArray();
        var embeddings = new float[voices.Count][];
        int done = 0;
        Parallel.For(0, voices.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            var audition = new AuditionOptions { Note = notes[i], Velocity = 100, HoldSeconds = 1, ReleaseSeconds = 0.5, SampleRate = TargetSound.SampleRate };
            embeddings[i] = AudioEmbedding.Of(AuditionRenderer.Render(voices[i], audition), TargetSound.SampleRate, notes[i], audition.HoldSeconds);
            int n = Interlocked.Increment(ref done);
            if (n % ReportEvery == 0 || n == voices.Count)
            {
                progress?.Report((n, voices.Count));
            }
        });

        var latents = generator.Encode(voices).Select(c => c.Latent).ToList();
        return ([.. embeddings], latents);
    }
}
