using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Nn;

/// <summary>
/// One attention layer's keys and values for a batch of sequences drawn step by step, so that each new step attends
/// over the steps before it without recomputing them. Per sequence and head, keys are kept feature-major and values
/// step-major: the two layouts in which a step's scores and its weighted sum are plain vector work. One thread at a
/// time: it keeps one row of scores to work in.
/// </summary>
public sealed class KeyValueCache
{
    private readonly int _heads, _headWidth, _capacity, _keyStride;
    private readonly float[] _keys, _values, _scores;

    /// <param name="sequences">Sequences drawn side by side.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="headWidth">Features per head.</param>
    /// <param name="capacity">Steps a sequence can hold.</param>
    public KeyValueCache(int sequences, int heads, int headWidth, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(headWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        (_heads, _headWidth, _capacity) = (heads, headWidth, capacity);
        _keyStride = (capacity + CachedAttention.StepBlock - 1) / CachedAttention.StepBlock * CachedAttention.StepBlock;
        _keys = new float[checked(sequences * heads * headWidth * _keyStride)];
        _values = new float[checked(sequences * heads * capacity * headWidth)];
        _scores = new float[_keyStride];
    }

    /// <summary>
    /// Keeps step <paramref name="step"/> of sequence <paramref name="sequence"/>: its keys and values, all heads side by
    /// side as the projection gives them.
    /// </summary>
    public void Append(int sequence, int step, ReadOnlySpan<float> keys, ReadOnlySpan<float> values)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)step, (uint)_capacity, nameof(step));
        int f = _heads * _headWidth;
        if (keys.Length != f || values.Length != f)
        {
            throw new ArgumentException($"A step has {f} keys and {f} values.");
        }

        for (int h = 0; h < _heads; h++)
        {
            int keyRow = KeyStart(sequence, h) + step;
            for (int k = 0; k < _headWidth; k++)
            {
                _keys[keyRow + (k * _keyStride)] = keys[(h * _headWidth) + k];
            }

            values.Slice(h * _headWidth, _headWidth).CopyTo(_values.AsSpan(ValueStart(sequence, h) + (step * _headWidth), _headWidth));
        }
    }

    /// <summary>
    /// Head <paramref name="head"/> of sequence <paramref name="sequence"/>: <paramref name="query"/> (headWidth
    /// features) attending over its steps 0..<paramref name="step"/>, written to <paramref name="output"/>.
    /// </summary>
    public void Attend(int sequence, int head, int step, ReadOnlySpan<float> query, float scale, Span<float> output, GemmKernel kernel = GemmKernel.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)step, (uint)_capacity, nameof(step));
        CachedAttention.Attend(
            query,
            _keys.AsSpan(KeyStart(sequence, head), _headWidth * _keyStride),
            _keyStride,
            _values.AsSpan(ValueStart(sequence, head), _capacity * _headWidth),
            step + 1,
            scale,
            _scores,
            output,
            kernel);
    }

    private int KeyStart(int sequence, int head) => ((sequence * _heads) + head) * _headWidth * _keyStride;

    private int ValueStart(int sequence, int head) => ((sequence * _heads) + head) * _capacity * _headWidth;
}
