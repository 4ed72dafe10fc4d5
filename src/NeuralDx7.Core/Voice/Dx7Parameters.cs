namespace NeuralDx7.Voice;

/// <summary>
/// The one table of the 155 DX7 voice parameters (VCED order). The codec, validation, display
/// and the model's output masking all read it.
/// </summary>
public static class Dx7Parameters
{
    /// <summary>Number of parameters in a voice, name included.</summary>
    public const int Count = 155;

    /// <summary>Parameters that describe the sound: everything but the 10 name characters.</summary>
    public const int SoundCount = 145;

    /// <summary>Parameters per operator block.</summary>
    public const int PerOperator = 21;

    /// <summary>Length of the voice name.</summary>
    public const int NameLength = 10;

    // Offsets of the global parameters.
    public const int PitchEgRate1 = 126;
    public const int PitchEgLevel1 = 130;
    public const int Algorithm = 134;
    public const int Feedback = 135;
    public const int OscillatorKeySync = 136;
    public const int LfoSpeed = 137;
    public const int LfoDelay = 138;
    public const int LfoPitchModDepth = 139;
    public const int LfoAmpModDepth = 140;
    public const int LfoKeySync = 141;
    public const int LfoWave = 142;
    public const int PitchModSensitivity = 143;
    public const int Transpose = 144;
    public const int Name = 145;

    // Offsets inside an operator block.
    public const int OpEgRate1 = 0;
    public const int OpEgLevel1 = 4;
    public const int OpBreakPoint = 8;
    public const int OpLeftDepth = 9;
    public const int OpRightDepth = 10;
    public const int OpLeftCurve = 11;
    public const int OpRightCurve = 12;
    public const int OpRateScaling = 13;
    public const int OpAmpModSensitivity = 14;
    public const int OpVelocitySensitivity = 15;
    public const int OpOutputLevel = 16;
    public const int OpOscillatorMode = 17;
    public const int OpCoarse = 18;
    public const int OpFine = 19;
    public const int OpDetune = 20;

    private static readonly (string Name, int Max, ParameterDisplay Display)[] OperatorLayout =
    [
        ("EG Rate 1", 99, ParameterDisplay.Number),
        ("EG Rate 2", 99, ParameterDisplay.Number),
        ("EG Rate 3", 99, ParameterDisplay.Number),
        ("EG Rate 4", 99, ParameterDisplay.Number),
        ("EG Level 1", 99, ParameterDisplay.Number),
        ("EG Level 2", 99, ParameterDisplay.Number),
        ("EG Level 3", 99, ParameterDisplay.Number),
        ("EG Level 4", 99, ParameterDisplay.Number),
        ("Break Point", 99, ParameterDisplay.BreakPoint),
        ("Left Depth", 99, ParameterDisplay.Number),
        ("Right Depth", 99, ParameterDisplay.Number),
        ("Left Curve", 3, ParameterDisplay.Curve),
        ("Right Curve", 3, ParameterDisplay.Curve),
        ("Rate Scaling", 7, ParameterDisplay.Number),
        ("Amp Mod Sensitivity", 3, ParameterDisplay.Number),
        ("Velocity Sensitivity", 7, ParameterDisplay.Number),
        ("Output Level", 99, ParameterDisplay.Number),
        ("Oscillator Mode", 1, ParameterDisplay.OscillatorMode),
        ("Frequency Coarse", 31, ParameterDisplay.Number),
        ("Frequency Fine", 99, ParameterDisplay.Number),
        ("Detune", 14, ParameterDisplay.Detune),
    ];

    private static readonly (string Name, int Max, ParameterDisplay Display)[] GlobalLayout =
    [
        ("Pitch EG Rate 1", 99, ParameterDisplay.Number),
        ("Pitch EG Rate 2", 99, ParameterDisplay.Number),
        ("Pitch EG Rate 3", 99, ParameterDisplay.Number),
        ("Pitch EG Rate 4", 99, ParameterDisplay.Number),
        ("Pitch EG Level 1", 99, ParameterDisplay.Number),
        ("Pitch EG Level 2", 99, ParameterDisplay.Number),
        ("Pitch EG Level 3", 99, ParameterDisplay.Number),
        ("Pitch EG Level 4", 99, ParameterDisplay.Number),
        ("Algorithm", 31, ParameterDisplay.Algorithm),
        ("Feedback", 7, ParameterDisplay.Number),
        ("Oscillator Key Sync", 1, ParameterDisplay.Switch),
        ("LFO Speed", 99, ParameterDisplay.Number),
        ("LFO Delay", 99, ParameterDisplay.Number),
        ("LFO Pitch Mod Depth", 99, ParameterDisplay.Number),
        ("LFO Amp Mod Depth", 99, ParameterDisplay.Number),
        ("LFO Key Sync", 1, ParameterDisplay.Switch),
        ("LFO Wave", 5, ParameterDisplay.LfoWave),
        ("Pitch Mod Sensitivity", 7, ParameterDisplay.Number),
        ("Transpose", 48, ParameterDisplay.Transpose),
    ];

    /// <summary>The 155 parameters in VCED order: OP6 first, then the globals, then the name.</summary>
    public static IReadOnlyList<Dx7Parameter> All { get; } = Build();

    /// <summary>Offset of an operator's block: OP6 is stored first.</summary>
    public static int OperatorOffset(int operatorNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(operatorNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(operatorNumber, 6);
        return (6 - operatorNumber) * PerOperator;
    }

    /// <summary>Finds a parameter by its display name (case-insensitive), as used in error messages and scripts.</summary>
    public static Dx7Parameter? Find(string name)
    {
        foreach (var parameter in All)
        {
            if (string.Equals(parameter.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter;
            }
        }

        return null;
    }

    private static Dx7Parameter[] Build()
    {
        var table = new List<Dx7Parameter>(Count);
        for (int op = 6; op >= 1; op--)
        {
            foreach (var (name, max, display) in OperatorLayout)
            {
                table.Add(new Dx7Parameter(table.Count, $"OP{op} {name}", 0, max, display, op));
            }
        }

        foreach (var (name, max, display) in GlobalLayout)
        {
            table.Add(new Dx7Parameter(table.Count, name, 0, max, display, 0));
        }

        // The DX7 shows ASCII 32-127 (with a few glyphs of its own); control characters are not names.
        for (int i = 1; i <= NameLength; i++)
        {
            table.Add(new Dx7Parameter(table.Count, $"Name Character {i}", 32, 127, ParameterDisplay.Character, 0));
        }

        return [.. table];
    }
}
