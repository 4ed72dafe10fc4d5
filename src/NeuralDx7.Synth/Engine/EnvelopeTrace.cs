using NeuralDx7.Voice;

namespace NeuralDx7.Synth;

/// <summary>
/// A voice's envelopes over one audition, as the engine runs them (key down, held, then released): for plotting what a
/// voice does in time, with the same timing the sound has. Sampled once per engine block at 44.1 kHz (1.45 ms).
/// </summary>
public static class EnvelopeTrace
{
    private const int SampleRate = 44100;

    /// <summary>Seconds between two points of a trace.</summary>
    public const double Step = (double)OperatorKernels.BlockSize / SampleRate;

    /// <summary>
    /// Operator <paramref name="number"/>'s envelope level in octaves above silence, key held <paramref name="hold"/>
    /// seconds then released for <paramref name="release"/>, at middle C, velocity 100, output level 99 (the shape of the
    /// envelope alone; the operator's output level only moves it down).
    /// </summary>
    public static double[] Operator(Dx7Voice voice, int number, double hold, double release)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 6);
        var op = voice.Operator(number);
        var envelope = new EnvelopeGenerator();
        int fullLevel = (Dx7Tables.ScaleLevel(99) << 5) + Dx7Tables.VelocityOffset(100, 0);
        envelope.Start(op.Envelope, fullLevel, Dx7Tables.RateScaling(60 + voice.Transpose, op.RateScaling), blockScale: 1);
        return Trace(ref envelope, hold, release);
    }

    /// <summary>The pitch envelope's shift in octaves, over the same audition.</summary>
    public static double[] Pitch(Dx7Voice voice, double hold, double release)
    {
        ArgumentNullException.ThrowIfNull(voice);
        var pitch = new PitchEnvelopeGenerator();
        pitch.Start(voice.PitchEnvelope, Step);
        return Trace(ref pitch, hold, release);
    }

    // By reference and generic, so the generator steps in place (a delegate would step a boxed copy).
    private static double[] Trace<T>(ref T envelope, double hold, double release)
        where T : struct, IKeyedEnvelope
    {
        int held = (int)Math.Round(hold / Step), total = held + (int)Math.Round(release / Step);
        var points = new double[total];
        for (int i = 0; i < total; i++)
        {
            if (i == held)
            {
                envelope.Release();
            }

            points[i] = envelope.Next();
        }

        return points;
    }
}

/// <summary>An envelope that runs while a key is down and releases when it goes up, one block at a time.</summary>
internal interface IKeyedEnvelope
{
    /// <summary>Steps one block and returns the envelope's value.</summary>
    double Next();

    /// <summary>The key went up.</summary>
    void Release();
}
