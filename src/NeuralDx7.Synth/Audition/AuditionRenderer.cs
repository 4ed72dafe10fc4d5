using NeuralDx7.Voice;

namespace NeuralDx7.Synth;

/// <summary>How to audition a voice: one key, held, then released.</summary>
public sealed record AuditionOptions
{
    /// <summary>The longest audition rendered (hold plus release), so no request allocates without bound.</summary>
    public const double MaxSeconds = 300;

    /// <summary>Middle C at velocity 100, held a second and released for a second, at 44.1 kHz.</summary>
    public static AuditionOptions Default { get; } = new();

    /// <summary>MIDI key 0-127 (60 is middle C).</summary>
    public int Note { get; init; } = 60;

    /// <summary>MIDI velocity 1-127.</summary>
    public int Velocity { get; init; } = 100;

    /// <summary>Seconds the key is held.</summary>
    public double HoldSeconds { get; init; } = 1.0;

    /// <summary>Seconds rendered after the key goes up.</summary>
    public double ReleaseSeconds { get; init; } = 1.0;

    public int SampleRate { get; init; } = 44100;

    /// <summary>Samples held, then released.</summary>
    public (int Hold, int Release) SampleCounts => ((int)Math.Round(HoldSeconds * SampleRate), (int)Math.Round(ReleaseSeconds * SampleRate));

    /// <summary>Throws with the option's name when a value is out of range.</summary>
    public void Validate()
    {
        Check(Note is >= 0 and <= 127, $"note {Note} is not a MIDI key 0-127");
        Check(Velocity is >= 1 and <= 127, $"velocity {Velocity} is not 1-127");
        Check(SampleRate is >= Dx7Synth.MinSampleRate and <= Dx7Synth.MaxSampleRate, $"sample rate {SampleRate} is not {Dx7Synth.MinSampleRate}-{Dx7Synth.MaxSampleRate} Hz");
        Check(double.IsFinite(HoldSeconds) && HoldSeconds >= 0, $"hold {HoldSeconds} s is not a duration");
        Check(double.IsFinite(ReleaseSeconds) && ReleaseSeconds >= 0, $"release {ReleaseSeconds} s is not a duration");
        Check(HoldSeconds + ReleaseSeconds is > 0 and <= MaxSeconds, $"hold plus release must be more than 0 and at most {MaxSeconds} s");

        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException($"Cannot render: {message}.");
            }
        }
    }
}

/// <summary>
/// Renders a voice offline, deterministically: a fresh synth, the key down at sample 0, up after the hold.
/// The same voice and options give the same samples, bit for bit, on any machine with the same vector width.
/// </summary>
public static class AuditionRenderer
{
    public static float[] Render(Dx7Voice voice, AuditionOptions options)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var synth = new Dx7Synth(options.SampleRate, polyphony: 1) { Voice = voice };
        var (hold, release) = options.SampleCounts;
        var samples = new float[hold + release];
        synth.NoteOn(options.Note, options.Velocity);
        synth.Render(samples.AsSpan(0, hold));
        synth.NoteOff(options.Note);
        synth.Render(samples.AsSpan(hold));
        return samples;
    }
}
