namespace NeuralDx7.Synth;

/// <summary>
/// Measured behaviour of the DX7, as emulator authors have published it (Raph Levien's msfa notes and the
/// projects built on them): level curves, velocity response, keyboard scaling curves, pitch EG levels, LFO rates.
/// These are facts about the instrument; the code using them is ours.
/// </summary>
internal static class Dx7Tables
{
    /// <summary>Output and EG levels 0-19 are not linear on the DX7; from 20 up a level L is 28 + L.</summary>
    private static ReadOnlySpan<byte> LowLevels => [0, 5, 9, 13, 17, 20, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 42, 43, 45, 46];

    /// <summary>Key velocity (by pairs of MIDI velocities) to level, centred on 239.</summary>
    private static ReadOnlySpan<byte> Velocity =>
    [
        0, 70, 86, 97, 106, 114, 121, 126, 132, 138, 142, 148, 152, 156, 160, 163, 166, 170, 173, 174, 178, 181, 184, 186,
        189, 190, 194, 196, 198, 200, 202, 205, 206, 209, 211, 214, 216, 218, 220, 222, 224, 225, 227, 229, 230, 232, 233,
        235, 237, 238, 240, 241, 242, 243, 244, 246, 246, 248, 249, 250, 251, 252, 253, 254,
    ];

    /// <summary>Pitch EG level 0-99 to pitch, in 32nds of an octave (50 is no shift, the ends about four octaves).</summary>
    private static ReadOnlySpan<sbyte> PitchLevels =>
    [
        -128, -116, -104, -95, -85, -76, -68, -61, -56, -52, -49, -46, -43, -41, -39, -37, -35, -33, -32, -31, -30, -29, -28, -27,
        -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
        33, 34, 35, 38, 40, 43, 46, 49, 53, 58, 65, 73, 82, 92, 103, 115, 127,
    ];

    /// <summary>Pitch modulation sensitivity 0-7 and amplitude modulation sensitivity 0-3, out of 255.</summary>
    public static ReadOnlySpan<byte> PitchModSensitivity => [0, 10, 20, 33, 55, 92, 153, 255];

    public static ReadOnlySpan<byte> AmpModSensitivity => [0, 66, 109, 255];

    /// <summary>A level parameter (0-99) on the DX7's internal 0-127 scale.</summary>
    public static int ScaleLevel(int level) => level >= 20 ? 28 + level : LowLevels[Math.Max(0, level)];

    /// <summary>Velocity sensitivity 0-7 applied to a MIDI velocity: an offset in 1/256 octave units.</summary>
    public static int VelocityOffset(int velocity, int sensitivity)
    {
        int value = Velocity[Math.Clamp(velocity, 0, 127) >> 1] - 239;
        return ((sensitivity * value) + 7) >> 3 << 4;
    }

    /// <summary>
    /// Keyboard rate scaling: rate steps (of 0-99) added for a key, rising evenly from none at A-1 (MIDI 21) to about
    /// 6.5 per sensitivity step at the top of the keyboard (Pinkston's formula, as tuned against a TX7 by hexter's author).
    /// </summary>
    public static int RateScaling(int note, int sensitivity) =>
        Math.Max(0, (int)Math.Round((sensitivity * (note - 21) / 105.0 * 127 / 128 * 6.5) - 0.5, MidpointRounding.ToEven));

    /// <summary>
    /// Keyboard level scaling: the change of output level (in 0-99 steps) for a key. The break point 0 is A-1 (MIDI 21);
    /// keys count away from it in groups of three, as on the DX7. Linear curves move depth/45 steps a key, exponential
    /// ones depth times e^((keys - 72) / 13.5): gentle near the break point, the full depth six octaves away.
    /// </summary>
    public static int LevelScaling(int note, int breakPoint, int leftDepth, int rightDepth, int leftCurve, int rightCurve)
    {
        int breakKey = breakPoint + 21;
        int grouped = (note + 2) / 3 * 3;
        return note < breakKey ? Curve(breakKey - grouped, leftDepth, leftCurve)
            : note > breakKey ? Curve(grouped - breakKey, rightDepth, rightCurve)
            : 0;

        static int Curve(int keys, int depth, int curve)
        {
            keys = Math.Max(0, keys);
            int scale = curve is 0 or 3 ? keys * depth / 45 : (int)(Math.Exp((keys - 72) / 13.5) * depth);
            return curve < 2 ? -scale : scale;
        }
    }

    /// <summary>Pitch EG level 0-99 as octaves of shift.</summary>
    public static double PitchOctaves(int level) => PitchLevels[Math.Clamp(level, 0, 99)] / 32.0;

    /// <summary>Pitch EG rate 0-99 to speed, in 21.3rds of an octave per second.</summary>
    private static ReadOnlySpan<byte> PitchRates =>
    [
        1, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 16, 16, 17, 18, 18, 19, 20,
        21, 22, 23, 24, 25, 26, 27, 28, 30, 31, 33, 34, 36, 37, 38, 39, 41, 42, 44, 46, 47, 49, 51, 53, 54, 56, 58, 60, 62, 64,
        66, 68, 70, 72, 74, 76, 79, 82, 85, 88, 91, 94, 98, 102, 106, 110, 115, 120, 125, 130, 135, 141, 147, 153, 159, 165, 171,
        178, 185, 193, 202, 211, 232, 243, 254, 255,
    ];

    /// <summary>Pitch EG rate 0-99 in octaves per second: from 0.05 at 0 to 12 at 99.</summary>
    public static double PitchRateOctavesPerSecond(int rate) => PitchRates[Math.Clamp(rate, 0, 99)] / 21.3;

    /// <summary>The LFO's clock: its phase (2^32 a cycle) advances 25190424 times the speed value per second.</summary>
    private const double LfoClock = 25190424.0;

    /// <summary>LFO speed 0-99 in Hz: from 0.062 Hz at 0 to about 24 Hz at 99.</summary>
    public static double LfoHertz(int speed)
    {
        int rate = speed <= 0 ? 1 : (165 * Math.Min(speed, 99)) >> 6;
        rate *= rate < 160 ? 11 : 11 + ((rate - 160) >> 4);
        return rate * LfoClock / 4294967296.0;
    }

    /// <summary>LFO delay 0-99: seconds before the LFO starts to fade in, and seconds the fade takes (both 0 at 0).</summary>
    public static (double Wait, double Fade) LfoDelay(int delay)
    {
        int a = 99 - Math.Clamp(delay, 0, 99);
        if (a == 99)
        {
            return (0, 0);
        }

        // A counter runs to half its range at one speed (the wait), then to the end at another (the fade in).
        int wait = (16 + (a & 15)) << (1 + (a >> 4));
        int fade = Math.Max(0x80, wait & 0xff80);
        return (2147483648.0 / LfoClock / wait, 2147483648.0 / LfoClock / fade);
    }
}
