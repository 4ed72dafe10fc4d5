using System.Globalization;

namespace NeuralDx7.Voice;

/// <summary>An operator's envelope generator: four rates and four levels (0-99).</summary>
public sealed record OperatorEnvelope(int Rate1, int Rate2, int Rate3, int Rate4, int Level1, int Level2, int Level3, int Level4)
{
    internal static OperatorEnvelope Read(ReadOnlySpan<byte> p) => new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"R {Rate1} {Rate2} {Rate3} {Rate4} / L {Level1} {Level2} {Level3} {Level4}");
}

/// <summary>The global pitch envelope: four rates and four levels (50 = no pitch shift).</summary>
public sealed record PitchEnvelope(int Rate1, int Rate2, int Rate3, int Rate4, int Level1, int Level2, int Level3, int Level4)
{
    internal static PitchEnvelope Read(ReadOnlySpan<byte> p) => new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);

    /// <summary>True when the envelope moves the pitch at all.</summary>
    public bool IsActive => Level1 != 50 || Level2 != 50 || Level3 != 50 || Level4 != 50;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"R {Rate1} {Rate2} {Rate3} {Rate4} / L {Level1} {Level2} {Level3} {Level4}");
}

/// <summary>Keyboard level scaling: a break point and a depth and curve on each side of it.</summary>
public sealed record KeyboardScaling(int BreakPoint, int LeftDepth, int RightDepth, int LeftCurve, int RightCurve)
{
    /// <summary>The break point as a note name (Yamaha naming, C3 = middle C).</summary>
    public string BreakPointNote => Dx7Parameters.All[Dx7Parameters.OpBreakPoint].Format(BreakPoint);

    public string LeftCurveName => Dx7Parameters.All[Dx7Parameters.OpLeftCurve].Format(LeftCurve);

    public string RightCurveName => Dx7Parameters.All[Dx7Parameters.OpRightCurve].Format(RightCurve);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{LeftCurveName} {LeftDepth} | {BreakPointNote} | {RightDepth} {RightCurveName}");
}

/// <summary>Oscillator mode: a ratio of the played note's frequency, or a fixed frequency.</summary>
public enum OscillatorMode
{
    Ratio = 0,
    Fixed = 1,
}

/// <summary>An operator's oscillator frequency: mode, coarse, fine and detune.</summary>
public sealed record OscillatorFrequency(OscillatorMode Mode, int Coarse, int Fine, int Detune)
{
    /// <summary>
    /// The frequency ratio (ratio mode: coarse 0 means 0.5; fine adds up to 99%) or the frequency in Hz
    /// (fixed mode: 10 ^ (coarse mod 4 + fine / 100)).
    /// </summary>
    public double Value => Mode == OscillatorMode.Ratio
        ? (Coarse == 0 ? 0.5 : Coarse) * (1.0 + (Fine / 100.0))
        : Math.Pow(10.0, (Coarse & 3) + (Fine / 100.0));

    /// <summary>Detune as shown on the panel, -7..+7.</summary>
    public int DetuneOffset => Detune - 7;

    /// <summary>The frequency as the DX7 shows it: "1.00" for a ratio, "100.0 Hz" for a fixed frequency.</summary>
    public string Display
    {
        get
        {
            double value = Value;
            if (Mode == OscillatorMode.Ratio)
            {
                return value.ToString("0.00", CultureInfo.InvariantCulture);
            }

            string format = value < 10 ? "0.000" : value < 100 ? "0.00" : value < 1000 ? "0.0" : "0";
            return value.ToString(format, CultureInfo.InvariantCulture) + " Hz";
        }
    }

    public override string ToString() =>
        DetuneOffset == 0 ? Display : string.Create(CultureInfo.InvariantCulture, $"{Display} {DetuneOffset:+0;-0}");
}

/// <summary>One of the six operators of a voice.</summary>
public sealed record Operator(
    int Number,
    OperatorEnvelope Envelope,
    KeyboardScaling Scaling,
    int RateScaling,
    int AmpModSensitivity,
    int VelocitySensitivity,
    int OutputLevel,
    OscillatorFrequency Frequency)
{
    internal static Operator Read(int number, ReadOnlySpan<byte> p) => new(
        number,
        OperatorEnvelope.Read(p),
        new KeyboardScaling(
            p[Dx7Parameters.OpBreakPoint],
            p[Dx7Parameters.OpLeftDepth],
            p[Dx7Parameters.OpRightDepth],
            p[Dx7Parameters.OpLeftCurve],
            p[Dx7Parameters.OpRightCurve]),
        p[Dx7Parameters.OpRateScaling],
        p[Dx7Parameters.OpAmpModSensitivity],
        p[Dx7Parameters.OpVelocitySensitivity],
        p[Dx7Parameters.OpOutputLevel],
        new OscillatorFrequency(
            (OscillatorMode)(p[Dx7Parameters.OpOscillatorMode] & 1),
            p[Dx7Parameters.OpCoarse],
            p[Dx7Parameters.OpFine],
            p[Dx7Parameters.OpDetune]));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"OP{Number} {Frequency} out {OutputLevel} EG {Envelope}");
}

/// <summary>LFO waveform.</summary>
public enum LfoWave
{
    Triangle = 0,
    SawDown = 1,
    SawUp = 2,
    Square = 3,
    Sine = 4,
    SampleAndHold = 5,
}

/// <summary>The voice's low-frequency oscillator and the pitch modulation sensitivity.</summary>
public sealed record Lfo(int Speed, int Delay, int PitchModDepth, int AmpModDepth, bool KeySync, LfoWave Wave, int PitchModSensitivity)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Dx7Parameters.All[Dx7Parameters.LfoWave].Format((int)Wave)} speed {Speed} delay {Delay} PMD {PitchModDepth} AMD {AmpModDepth}");
}
