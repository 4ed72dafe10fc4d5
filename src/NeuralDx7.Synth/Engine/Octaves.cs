using System.Runtime.CompilerServices;

namespace NeuralDx7.Synth;

/// <summary>
/// Levels and pitches live in octaves; this turns them into ratios (2^x) a dozen times per block, so it is a
/// polynomial on the fraction (relative error 7e-9) scaled by the integer part, not a call to pow.
/// </summary>
internal static class Octaves
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToRatio(double octaves)
    {
        double whole = Math.Floor(octaves);
        double f = octaves - whole;
        double p = 1.00000001 + (f * (0.693146838 + (f * (0.240231097 + (f * (0.0554789125 + (f * (0.00968618629 + (f * (0.00123824155 + (f * 0.000218712624)))))))))));
        return Math.ScaleB(p, (int)Math.Clamp(whole, -1000, 1000));
    }
}
