using System.Numerics;
using System.Runtime.Intrinsics;
using NeuralDx7.Voice;

namespace NeuralDx7.Corpus;

/// <summary>
/// Voices kept for finding the nearest one to a given voice by sound: the number of the 145 sound parameters (all but
/// the name) that differ. A near-copy (a voice with one or two values changed) is as close as a voice gets without
/// being equal. The parameters sit in one array, a vector-aligned row per voice, compared 64 bytes at a time.
/// </summary>
public sealed class SoundIndex
{
    private const int RowSize = 192; // 145 sound parameters, padded with zeros to three 64-byte vectors
    private readonly byte[] _rows;

    public SoundIndex(IReadOnlyList<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        Voices = voices;
        _rows = new byte[voices.Count * RowSize];
        for (int i = 0; i < voices.Count; i++)
        {
            voices[i].Parameters[..Dx7Parameters.SoundCount].CopyTo(_rows.AsSpan(i * RowSize));
        }
    }

    public IReadOnlyList<Dx7Voice> Voices { get; }

    /// <summary>The indexed voice with the fewest differing sound parameters, and how many differ (-1 and 145 when empty).</summary>
    public (int Index, int Distance) Nearest(Dx7Voice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        Span<byte> query = stackalloc byte[RowSize];
        query.Clear();
        voice.Parameters[..Dx7Parameters.SoundCount].CopyTo(query);
        int best = -1, bestDistance = Dx7Parameters.SoundCount;
        for (int i = 0; i < Voices.Count && bestDistance > 0; i++)
        {
            int distance = Distance(query, _rows.AsSpan(i * RowSize, RowSize));
            if (distance < bestDistance || best < 0)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return (best, bestDistance);
    }

    /// <summary>How many of the 145 sound parameters differ between two voices.</summary>
    public static int Distance(Dx7Voice a, Dx7Voice b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int count = 0;
        for (int i = 0; i < Dx7Parameters.SoundCount; i++)
        {
            count += a.Parameters[i] != b.Parameters[i] ? 1 : 0;
        }

        return count;
    }

    private static int Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            int equal = 0;
            for (int offset = 0; offset < RowSize; offset += 64)
            {
                var same = Vector512.Equals(Vector512.Create(a.Slice(offset, 64)), Vector512.Create(b.Slice(offset, 64)));
                equal += BitOperations.PopCount(same.ExtractMostSignificantBits());
            }

            return RowSize - equal; // padding is equal in both, so the count is of sound parameters alone
        }

        if (Vector256.IsHardwareAccelerated)
        {
            int equal = 0;
            for (int offset = 0; offset < RowSize; offset += 32)
            {
                var same = Vector256.Equals(Vector256.Create(a.Slice(offset, 32)), Vector256.Create(b.Slice(offset, 32)));
                equal += BitOperations.PopCount(same.ExtractMostSignificantBits());
            }

            return RowSize - equal;
        }

        int count = 0;
        for (int i = 0; i < RowSize; i++)
        {
            count += a[i] != b[i] ? 1 : 0;
        }

        return count;
    }
}
