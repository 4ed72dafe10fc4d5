using System.Numerics;

namespace NeuralDx7.Nn;

/// <summary>
/// Storage reused across training steps and sampled voices: a step allocates the same shapes as the last,
/// so buffers are kept by exact length and handed out again instead of being garbage.
/// Not thread-safe: one pool per thread of work.
/// </summary>
public sealed class TensorPool<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<int, Stack<T[]>> _free = [];

    /// <summary>Buffers handed out over the pool's life; a steady state shows this stops growing.</summary>
    public long Allocations { get; private set; }

    internal T[] Rent(int length, bool clear)
    {
        if (_free.TryGetValue(length, out var stack) && stack.TryPop(out var buffer))
        {
            if (clear)
            {
                Array.Clear(buffer);
            }

            return buffer;
        }

        Allocations++;
        return new T[length]; // new arrays are zeroed already
    }

    internal void Return(T[] buffer)
    {
        if (!_free.TryGetValue(buffer.Length, out var stack))
        {
            _free[buffer.Length] = stack = new Stack<T[]>();
        }

        stack.Push(buffer);
    }
}
