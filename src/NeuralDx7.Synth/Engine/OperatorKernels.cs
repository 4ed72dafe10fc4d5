using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDx7.Synth;

/// <summary>
/// One operator for one block: out[i] = gain_i * sin(phase + i * step + modulation[i]), the gain moving in a
/// straight line from the last block's to this block's. Outputs are in cycles of phase they would add to the
/// operator they modulate. Operators without feedback run across the block in SIMD lanes; feedback is a
/// recurrence and runs sample by sample.
/// </summary>
internal static class OperatorKernels
{
    /// <summary>Samples per block: envelopes, LFO and pitch move once per block, as on the DX7.</summary>
    public const int BlockSize = 64;

    private static readonly Vector<int> LaneIndex = CreateLaneIndex();

    /// <summary>An operator with no modulation, or modulation from <paramref name="modulation"/> when not empty.</summary>
    public static void Render(Span<float> output, ReadOnlySpan<float> modulation, int phase, int step, float gain0, float gain1)
    {
        int width = Vector<float>.Count;
        float gainStep = (gain1 - gain0) / BlockSize;
        var phases = new Vector<int>(phase) + (LaneIndex * new Vector<int>(step));
        var phaseStride = new Vector<int>(step * width);
        var gains = new Vector<float>(gain0) + ((Vector.ConvertToSingle(LaneIndex) + Vector<float>.One) * new Vector<float>(gainStep));
        var gainStride = new Vector<float>(gainStep * width);

        ref float outRef = ref MemoryMarshal.GetReference(output);
        if (modulation.IsEmpty)
        {
            for (int i = 0; i < BlockSize; i += width)
            {
                Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref outRef, i)) = Sine.Of(phases) * gains;
                phases += phaseStride;
                gains += gainStride;
            }
        }
        else
        {
            ref float modRef = ref MemoryMarshal.GetReference(modulation);
            for (int i = 0; i < BlockSize; i += width)
            {
                var m = Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref modRef, i));
                Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref outRef, i)) = Sine.Of(Sine.Modulated(phases, m)) * gains;
                phases += phaseStride;
                gains += gainStride;
            }
        }
    }

    /// <summary>
    /// An operator that feeds back into itself: its phase is also moved by its own last waveform value times
    /// <paramref name="depth"/> (in cycles). Everything that does not depend on the last sample is worked out
    /// across the block first, in lanes, so the sample-by-sample loop is only the recurrence: one fused
    /// multiply-add, the float-to-int bias trick and a table lookup.
    /// </summary>
    public static void RenderFeedback(
        Span<float> output, ReadOnlySpan<float> modulation, int phase, int step, float gain0, float gain1, float depth, ref float lastSine)
    {
        Span<int> phases = stackalloc int[BlockSize];
        Span<float> gains = stackalloc float[BlockSize];
        Prepare(phases, gains, modulation, phase, step, gain0, gain1);

        float scale = depth * (1 << 20); // feedback in 2^-20 cycles, then shifted up to phase units
        ref float table = ref Sine.TableStart;
        float sine = lastSine;
        for (int i = 0; i < BlockSize; i++)
        {
            int feedback = (BitConverter.SingleToInt32Bits(MathF.FusedMultiplyAdd(sine, scale, Sine.RoundingBias)) - Sine.RoundingBiasBits) << 12;
            sine = Sine.Interpolated(phases[i] + feedback, ref table);
            output[i] = gains[i] * sine;
        }

        lastSine = sine;
    }

    /// <summary>
    /// A feedback loop through a chain (algorithms 4 and 6): the head takes the tail's last waveform value times
    /// <paramref name="depth"/>, each next operator takes the output of the one before, sample by sample.
    /// <paramref name="chain"/> lists the operators head first; <paramref name="outputs"/> gets their blocks in that order.
    /// </summary>
    public static void RenderLoop(ReadOnlySpan<LoopOperator> chain, Span<float> outputs, float depth, ref float lastSine)
    {
        Span<int> phases = stackalloc int[chain.Length * BlockSize];
        Span<float> gains = stackalloc float[chain.Length * BlockSize];
        for (int k = 0; k < chain.Length; k++)
        {
            var o = chain[k];
            Prepare(phases.Slice(k * BlockSize, BlockSize), gains.Slice(k * BlockSize, BlockSize), default, o.Phase, o.Step, o.Gain0, o.Gain1);
        }

        float scale = depth * (1 << 20);
        ref float table = ref Sine.TableStart;
        float sine = lastSine;
        for (int i = 0; i < BlockSize; i++)
        {
            int offset = (BitConverter.SingleToInt32Bits(MathF.FusedMultiplyAdd(sine, scale, Sine.RoundingBias)) - Sine.RoundingBiasBits) << 12;
            for (int k = 0; k < chain.Length; k++)
            {
                int at = (k * BlockSize) + i;
                sine = Sine.Interpolated(phases[at] + offset, ref table);
                float y = gains[at] * sine;
                outputs[at] = y;
                offset = (int)(y * Sine.ModulationScale) << 8; // into the next operator of the chain
            }
        }

        lastSine = sine;
    }

    /// <summary>Per-sample phases (with any modulation) and gains of a block, in lanes.</summary>
    private static void Prepare(Span<int> phases, Span<float> gains, ReadOnlySpan<float> modulation, int phase, int step, float gain0, float gain1)
    {
        int width = Vector<int>.Count;
        float gainStep = (gain1 - gain0) / BlockSize;
        var phaseVector = new Vector<int>(phase) + (LaneIndex * new Vector<int>(step));
        var gainVector = new Vector<float>(gain0) + ((Vector.ConvertToSingle(LaneIndex) + Vector<float>.One) * new Vector<float>(gainStep));
        var phaseStride = new Vector<int>(step * width);
        var gainStride = new Vector<float>(gainStep * width);
        var phaseVectors = MemoryMarshal.Cast<int, Vector<int>>(phases);
        var gainVectors = MemoryMarshal.Cast<float, Vector<float>>(gains);
        var modulationVectors = MemoryMarshal.Cast<float, Vector<float>>(modulation);
        for (int v = 0; v < phaseVectors.Length; v++)
        {
            phaseVectors[v] = modulation.IsEmpty ? phaseVector : Sine.Modulated(phaseVector, modulationVectors[v]);
            gainVectors[v] = gainVector;
            phaseVector += phaseStride;
            gainVector += gainStride;
        }
    }

    private static Vector<int> CreateLaneIndex()
    {
        Span<int> lanes = stackalloc int[Vector<int>.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = i;
        }

        return new Vector<int>(lanes);
    }
}

/// <summary>One operator of a feedback loop for a block.</summary>
internal readonly record struct LoopOperator(int Phase, int Step, float Gain0, float Gain1);
