namespace NeuralDx7.Synth;

/// <summary>
/// What one audition (a key held, then released) says about a voice: whether it sounds, whether it stops after the
/// key goes up, whether it clips, and whether it is broken.
/// </summary>
/// <param name="HeldDb">RMS level while the key is held, dB relative to full scale.</param>
/// <param name="TailDb">RMS level of the last quarter second rendered, dB relative to full scale.</param>
/// <param name="PeakDb">The largest sample, dB relative to full scale.</param>
/// <param name="Problem">Why the voice is broken, or null.</param>
public sealed record AuditionVerdict(double HeldDb, double TailDb, double PeakDb, string? Problem)
{
    /// <summary>Below this level (dBFS) a voice is silent: what a listener would not hear over a quiet room.</summary>
    public const double SilenceDb = -50;

    /// <summary>The length at the end of a render that must be silent for the voice to have stopped.</summary>
    public const double TailSeconds = 0.25;

    /// <summary>Heard while the key is held.</summary>
    public bool Sounds => HeldDb > SilenceDb;

    /// <summary>Silent by the end of the render: the sound stops after the key goes up.</summary>
    public bool Stops => TailDb < SilenceDb;

    /// <summary>Reaches full scale somewhere: a 16-bit file of it would clip.</summary>
    public bool Clipped => PeakDb >= 0;

    /// <summary>Not a sound at all: not a number, a constant offset, or full scale throughout.</summary>
    public bool Broken => Problem is not null;

    /// <summary>A voice to hand a musician: it sounds and is not broken.</summary>
    public bool Usable => Sounds && !Broken;

    /// <summary>Judges <paramref name="samples"/>, of which the first <paramref name="heldSamples"/> were rendered with the key down.</summary>
    public static AuditionVerdict Of(ReadOnlySpan<float> samples, int sampleRate, int heldSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        heldSamples = Math.Clamp(heldSamples, 0, samples.Length);
        var held = samples[..heldSamples];
        int tail = Math.Min(samples.Length, Math.Max(1, (int)(TailSeconds * sampleRate)));

        double peak = 0, sum = 0, sumSquares = 0;
        int atFullScale = 0;
        foreach (float x in samples)
        {
            if (!float.IsFinite(x))
            {
                return new AuditionVerdict(double.NaN, double.NaN, double.NaN, "its samples are not numbers");
            }

            peak = Math.Max(peak, Math.Abs(x));
        }

        foreach (float x in held)
        {
            sum += x;
            sumSquares += (double)x * x;
            atFullScale += Math.Abs(x) >= 0.999f ? 1 : 0;
        }

        double mean = held.Length > 0 ? sum / held.Length : 0;
        double variance = held.Length > 0 ? Math.Max(0, (sumSquares / held.Length) - (mean * mean)) : 0;
        string? problem = null;
        if (held.Length > 0 && Math.Abs(mean) > 1e-3 && Math.Sqrt(variance) < 1e-4)
        {
            problem = "it is a constant offset, not a sound";
        }
        else if (held.Length > 0 && atFullScale > held.Length / 2)
        {
            problem = "it is at full scale most of the time";
        }

        return new AuditionVerdict(Decibels(RootMeanSquare(held)), Decibels(RootMeanSquare(samples[^tail..])), Decibels(peak), problem);
    }

    internal static double RootMeanSquare(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (float x in samples)
        {
            sum += (double)x * x;
        }

        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    internal static double Decibels(double amplitude) => 20 * Math.Log10(Math.Max(amplitude, 1e-10));
}
