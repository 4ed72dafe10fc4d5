namespace NeuralDx7.Midi;

/// <summary>
/// A single-producer, single-consumer ring of bytes, fixed at construction: the hand-over between a user thread
/// and a real-time audio callback, which must neither lock nor allocate. Messages are stored with a 4-byte length.
/// </summary>
internal sealed class ByteRing
{
    private readonly byte[] _buffer;
    private readonly int _mask;
    private long _written; // advanced only by the producer
    private long _read; // advanced only by the consumer

    public ByteRing(int capacityPowerOfTwo)
    {
        if (capacityPowerOfTwo <= 0 || (capacityPowerOfTwo & (capacityPowerOfTwo - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityPowerOfTwo), "The capacity must be a power of two.");
        }

        _buffer = new byte[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    public int Capacity => _buffer.Length;

    /// <summary>Bytes waiting to be read.</summary>
    public int Count => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    public bool IsEmpty => Count == 0;

    /// <summary>Producer: appends a length-prefixed message, or returns false (and writes nothing) when it does not fit.</summary>
    public bool TryWriteMessage(ReadOnlySpan<byte> message)
    {
        long written = _written;
        long free = _buffer.Length - (written - Volatile.Read(ref _read));
        if (message.Length + 4L > free)
        {
            return false;
        }

        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, message.Length);
        Copy(length, written);
        Copy(message, written + 4);
        Volatile.Write(ref _written, written + 4 + message.Length);
        return true;
    }

    /// <summary>Consumer: the length of the next message, without taking it; -1 when empty.</summary>
    public int PeekLength()
    {
        long read = _read;
        if (Volatile.Read(ref _written) - read < 4)
        {
            return -1;
        }

        Span<byte> length = stackalloc byte[4];
        CopyOut(read, length);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(length);
    }

    /// <summary>Consumer: copies bytes [offset, offset + destination.Length) of the next message.</summary>
    public void ReadPart(int offset, Span<byte> destination) => CopyOut(_read + 4 + offset, destination);

    /// <summary>Consumer: discards the next message of <paramref name="length"/> bytes.</summary>
    public void Skip(int length) => Volatile.Write(ref _read, _read + 4 + length);

    private void Copy(ReadOnlySpan<byte> source, long at)
    {
        int start = (int)(at & _mask);
        int first = Math.Min(source.Length, _buffer.Length - start);
        source[..first].CopyTo(_buffer.AsSpan(start));
        source[first..].CopyTo(_buffer);
    }

    private void CopyOut(long at, Span<byte> destination)
    {
        int start = (int)(at & _mask);
        int first = Math.Min(destination.Length, _buffer.Length - start);
        _buffer.AsSpan(start, first).CopyTo(destination);
        _buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }
}
