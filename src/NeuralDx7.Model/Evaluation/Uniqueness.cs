using NeuralDx7.Model.Generation;

namespace NeuralDx7.Model.Evaluation;

/// <summary>The original's duplicate test, over voices sampled from the prior.</summary>
/// <param name="Samples">Voices drawn.</param>
/// <param name="Unique">Share of distinct sounds among them (parameters without the name).</param>
/// <param name="Copies">Share equal to a training voice (memorisation).</param>
/// <param name="Valid">Share with every parameter in range.</param>
public sealed record UniquenessResult(int Samples, double Unique, double Copies, double Valid);

public static class Uniqueness
{
    public static UniquenessResult Measure(TrainedModel trained, int samples, ulong seed, double temperature,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var generator = new VoiceGenerator(trained.Model);
        var sounds = new HashSet<ulong>();
        int copies = 0, valid = 0, done = 0;
        for (int batch = 0; done < samples; batch++)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(256, samples - done);
            foreach (var voice in generator.Sample(n, seed + (ulong)batch, temperature))
            {
                ulong sound = voice.SoundFingerprint;
                sounds.Add(sound);
                copies += trained.TrainingVoices.Contains(sound) ? 1 : 0;
                valid += voice.IsValid ? 1 : 0;
            }

            done += n;
            progress?.Report((done, samples));
        }

        return new UniquenessResult(samples, (double)sounds.Count / samples, (double)copies / samples, (double)valid / samples);
    }
}
