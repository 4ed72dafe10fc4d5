using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDx7.Synth;

/// <summary>
/// The operator's waveform. A phase is a 32-bit integer where 2^32 is one cycle, so it wraps for free; the sine is
/// an odd polynomial on a quarter cycle (max error 4e-9 in exact arithmetic, below float rounding).
/// </summary>
internal static class Sine
{
    private const float C1 = 6.28318516f;
    private const float C3 = -41.34165513f;
    private const float C5 = 81.6010105f;
    private const float C7 = -76.54993308f;
    private const float C9 = 39.53787302f;

    /// <summary>One cycle in a phase.</summary>
    public const double PhasePerCycle = 4294967296.0;

    /// <summary>Modulation in cycles to phase units, as 2^24 per cycle and then shifted up 8 bits (exact wrap).</summary>
    public const float ModulationScale = 16777216f;

    /// <summary>sin(2 pi phase / 2^32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of(int phase)
    {
        float t = phase * (1f / 4294967296f); // [-0.5, 0.5) cycles
        float folded = MathF.CopySign(0.5f, t) - t;
        t = MathF.Abs(t) > 0.25f ? folded : t;
        float t2 = t * t;
        return t * (C1 + (t2 * (C3 + (t2 * (C5 + (t2 * (C7 + (t2 * C9))))))));
    }

    /// <summary>The phase for a base phase plus a modulation in cycles (any size the engine produces, |m| &lt; 128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Modulated(int phase, float cycles) => phase + ((int)(cycles * ModulationScale) << 8);

    /// <summary>
    /// sin(2 pi phase / 2^32) from a 1024-step table with linear interpolation (error 5e-6, -106 dB): less
    /// precise than the polynomial but half its latency, which is what a feedback loop waits on every sample.
    /// </summary>
    /// <param name="table">The first entry of the table (<see cref="TableStart"/>), fetched once outside the loop.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Interpolated(int phase, ref float table)
    {
        int entry = (int)((uint)phase >> (32 - TableBits)) << 1;
        float below = phase & ((1 << (32 - TableBits)) - 1); // exact: 22 bits
        return MathF.FusedMultiplyAdd(below, Unsafe.Add(ref table, entry + 1), Unsafe.Add(ref table, entry));
    }

    /// <summary>The first entry of the interpolation table.</summary>
    public static ref float TableStart => ref MemoryMarshal.GetArrayDataReference(Table);

    /// <summary>2^22 + 2^23: added to a float below 2^22 in size, it leaves round(x) in the low mantissa bits.</summary>
    public const float RoundingBias = 12582912f;

    /// <summary>The bits of <see cref="RoundingBias"/>: subtracting them leaves the rounded integer.</summary>
    public const int RoundingBiasBits = 0x4B400000;

    private const int TableBits = 10;

    /// <summary>
    /// Pairs of (sine at step i, slope to step i + 1 per phase unit below the step), for 1024 steps of a cycle:
    /// one load of a pair and one fused multiply-add give the interpolated value.
    /// </summary>
    private static readonly float[] Table = CreateTable();

    private static float[] CreateTable()
    {
        const int steps = 1 << TableBits;
        var table = new float[2 * steps];
        for (int i = 0; i < steps; i++)
        {
            double here = Math.Sin(2 * Math.PI * i / steps);
            double next = Math.Sin(2 * Math.PI * (i + 1) / steps);
            table[2 * i] = (float)here;
            table[(2 * i) + 1] = (float)((next - here) / (1 << (32 - TableBits)));
        }

        return table;
    }

    /// <summary>The vector form of <see cref="Of(int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Of(Vector<int> phase)
    {
        var t = Vector.ConvertToSingle(phase) * new Vector<float>(1f / 4294967296f);
        var magnitude = Vector.Abs(t);
        var half = Vector.ConditionalSelect(Vector.LessThan(t, Vector<float>.Zero), new Vector<float>(-0.5f), new Vector<float>(0.5f));
        t = Vector.ConditionalSelect(Vector.GreaterThan(magnitude, new Vector<float>(0.25f)), half - t, t);
        var t2 = t * t;
        var p = new Vector<float>(C9);
        p = (p * t2) + new Vector<float>(C7);
        p = (p * t2) + new Vector<float>(C5);
        p = (p * t2) + new Vector<float>(C3);
        p = (p * t2) + new Vector<float>(C1);
        return p * t;
    }

    /// <summary>The vector form of <see cref="Modulated(int, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<int> Modulated(Vector<int> phase, Vector<float> cycles) =>
        phase + Vector.ShiftLeft(Vector.ConvertToInt32(cycles * new Vector<float>(ModulationScale)), 8);
}
