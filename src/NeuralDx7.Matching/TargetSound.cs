using System.Globalization;
using NeuralDx7.Synth;

namespace NeuralDx7.Matching;

/// <summary>
/// A recorded note made ready to match: at the working rate, trimmed to where it sounds, with the key it was played at
/// and how long the key was held, as a DX7 would be played to sound like it.
/// </summary>
/// <param name="Samples">The note at <see cref="SampleRate"/>, from its onset to where it has died away.</param>
/// <param name="Note">The MIDI key: given, or found from the pitch.</param>
/// <param name="Hertz">The pitch found, or NaN when the note was given and none was looked for.</param>
/// <param name="HoldSeconds">How long the key seems held: until the note last comes within 15 dB of its peak.</param>
public sealed record TargetSound(float[] Samples, int Note, double Hertz, double HoldSeconds, double ReleaseSeconds, string Source)
{
    /// <summary>Candidates are rendered and compared at this rate: timbre up to 11 kHz, at half the cost of 44.1 kHz.</summary>
    public const int SampleRate = 22050;

    public const double MinSoundSeconds = 0.05;
    public const double MaxSoundSeconds = 20;

    /// <summary>Longer recordings are refused before they are decoded: one note and the silence around it.</summary>
    public const double MaxRecordingSeconds = 60;
    private const double SilenceDb = -60;

    /// <summary>The audition that plays a voice the way the target was played.</summary>
    public AuditionOptions Audition => new() { Note = Note, Velocity = 100, HoldSeconds = HoldSeconds, ReleaseSeconds = ReleaseSeconds, SampleRate = SampleRate };

    /// <summary>Reads and analyses a WAV file; <paramref name="note"/> null finds the key from the pitch.</summary>
    public static TargetSound Analyse(string path, int? note)
    {
        var recording = Recording.Read(path, MaxRecordingSeconds);
        var samples = recording.SampleRate == SampleRate ? recording.Samples : recording.Resampled(SampleRate);
        var levels = AudioAnalysis.RmsDecibels(samples, SampleRate, 0.01, -120);
        double peak = levels.Length > 0 ? levels.Max() : -120;
        if (peak < SilenceDb)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path} is silent: its loudest moment is {peak:0} dBFS. Give a recording of one note."));
        }

        int onset = Array.FindIndex(levels, l => l > peak - 40);
        int end = Array.FindLastIndex(levels, l => l > peak - 50) + 1;
        double sounding = (end - onset) * 0.01;
        if (sounding < MinSoundSeconds)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path} holds only {sounding:0.00} s of sound: give at least {MinSoundSeconds} s of one note."));
        }

        if (sounding > MaxSoundSeconds)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path} sounds for {sounding:0.#} s: a DX7 voice plays one note; give a recording of one note, at most {MaxSoundSeconds} s."));
        }

        var note0 = samples.AsSpan(onset * SampleRate / 100, Math.Min(samples.Length - (onset * SampleRate / 100), (int)(sounding * SampleRate)));
        double hertz = double.NaN;
        if (note is null)
        {
            hertz = PitchEstimate.Hertz(note0, SampleRate);
            if (double.IsNaN(hertz))
            {
                throw new InvalidDataException($"{path}: no pitch could be found in it (noise, or a chord?); say which key it is with the note option.");
            }
        }

        int key = note ?? Math.Clamp(PitchEstimate.MidiNote(hertz), 0, 127);
        int lastLoud = Array.FindLastIndex(levels, l => l > peak - 15);
        double hold = Math.Clamp((lastLoud - onset + 1) * 0.01, 0.05, sounding);
        double release = Math.Max(0.1, sounding - hold);
        // Exactly as many samples as a candidate played this way renders (each part rounded on its own): the distance
        // compares sounds of one length, and a sample more would make every candidate sound silent to the search.
        var (holdSamples, releaseSamples) = new AuditionOptions { HoldSeconds = hold, ReleaseSeconds = release, SampleRate = SampleRate }.SampleCounts;
        var trimmed = new float[holdSamples + releaseSamples];
        note0[..Math.Min(trimmed.Length, note0.Length)].CopyTo(trimmed);
        return new TargetSound(trimmed, key, hertz, hold, release, path);
    }

    /// <summary>A target made by rendering a voice (benchmarks): the key held <paramref name="hold"/> seconds, then released.</summary>
    public static TargetSound Rendered(float[] samples, int note, double hold, double release, string source) =>
        new(samples, note, double.NaN, hold, release, source);
}
