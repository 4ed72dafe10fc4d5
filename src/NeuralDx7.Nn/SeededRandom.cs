namespace NeuralDx7.Nn;

/// <summary>
/// xoshiro256** seeded through splitmix64: the same seed gives the same numbers on every machine and
/// .NET version (System.Random promises neither), so a seed names a model bit for bit.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double NextUniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)((NextUInt64() >> 33) % (ulong)count);
    }

    /// <summary>Standard normal, by the Box-Muller transform (pairs, the second kept for the next call).</summary>
    public double NextNormal()
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return spare;
        }

        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A new generator whose stream is independent of this one's (for a worker or a sub-task).</summary>
    public SeededRandom Fork() => new(NextUInt64());

    /// <summary>The full state, for checkpoints.</summary>
    public ulong[] State => [_s0, _s1, _s2, _s3];

    public static SeededRandom FromState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException("A generator state is four words, not all zero.", nameof(state));
        }

        return new SeededRandom(0) { _s0 = state[0], _s1 = state[1], _s2 = state[2], _s3 = state[3] };
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
