using System.Globalization;

namespace NeuralDx7.Voice;

/// <summary>How a parameter's value is shown to a person, as the DX7's front panel shows it.</summary>
public enum ParameterDisplay
{
    /// <summary>The value itself (rates, levels, depths, sensitivities).</summary>
    Number,
    /// <summary>Off / On.</summary>
    Switch,
    /// <summary>Keyboard level scaling curve: -LIN, -EXP, +EXP, +LIN.</summary>
    Curve,
    /// <summary>LFO wave: triangle, saw down, saw up, square, sine, sample and hold.</summary>
    LfoWave,
    /// <summary>Level scaling break point, a note name (0 = A-1, 39 = C3).</summary>
    BreakPoint,
    /// <summary>Transpose, a note name (24 = C3, no transpose).</summary>
    Transpose,
    /// <summary>Oscillator mode: ratio or fixed.</summary>
    OscillatorMode,
    /// <summary>Algorithm, stored 0-31 and shown 1-32.</summary>
    Algorithm,
    /// <summary>Oscillator detune, stored 0-14 and shown -7..+7.</summary>
    Detune,
    /// <summary>One character of the voice name.</summary>
    Character,
}

/// <summary>
/// One of the 155 parameters of a DX7 voice, in the order of the single-voice (VCED) message.
/// </summary>
/// <param name="Index">Position in the 155-value VCED layout (0 = OP6 EG rate 1).</param>
/// <param name="Name">Name as a person reads it, such as "OP2 Output Level".</param>
/// <param name="Min">Smallest valid value.</param>
/// <param name="Max">Largest valid value.</param>
/// <param name="Display">How the value is shown.</param>
/// <param name="Operator">Operator number 1-6, or 0 for a global parameter.</param>
public sealed record Dx7Parameter(int Index, string Name, int Min, int Max, ParameterDisplay Display, int Operator)
{
    private static readonly string[] CurveNames = ["-LIN", "-EXP", "+EXP", "+LIN"];
    private static readonly string[] WaveNames = ["Triangle", "Saw Down", "Saw Up", "Square", "Sine", "Sample & Hold"];
    private static readonly string[] NoteNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>Number of valid values.</summary>
    public int Cardinality => Max - Min + 1;

    /// <summary>True when the parameter belongs to one of the six operators.</summary>
    public bool IsOperatorParameter => Operator != 0;

    public bool IsInRange(int value) => value >= Min && value <= Max;

    public int Clamp(int value) => Math.Clamp(value, Min, Max);

    /// <summary>Shows a value as the DX7 shows it; out-of-range values are shown as raw numbers.</summary>
    public string Format(int value)
    {
        if (!IsInRange(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        return Display switch
        {
            ParameterDisplay.Switch => value == 0 ? "Off" : "On",
            ParameterDisplay.Curve => CurveNames[value],
            ParameterDisplay.LfoWave => WaveNames[value],
            ParameterDisplay.BreakPoint => NoteName(value + 21),
            ParameterDisplay.Transpose => NoteName(value + 36),
            ParameterDisplay.OscillatorMode => value == 0 ? "Ratio" : "Fixed",
            ParameterDisplay.Algorithm => (value + 1).ToString(CultureInfo.InvariantCulture),
            ParameterDisplay.Detune => (value - 7).ToString("+0;-0;0", CultureInfo.InvariantCulture),
            ParameterDisplay.Character => ((char)value).ToString(),
            _ => value.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Yamaha note naming, where MIDI note 60 is C3.</summary>
    public static string NoteName(int midiNote) =>
        NoteNames[midiNote % 12] + ((midiNote / 12) - 2).ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Name;
}
