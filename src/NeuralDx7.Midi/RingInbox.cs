namespace NeuralDx7.Midi;

/// <summary>
/// The user-thread side of an input that a real-time callback feeds through a <see cref="ByteRing"/>: takes the
/// chunks the callback queued, joins them into whole messages, and waits for one. JACK, CoreMIDI and WinMM share it.
/// </summary>
internal sealed class RingInbox(ByteRing ring)
{
    private readonly MessageAssembler _assembler = new();
    private readonly Queue<byte[]> _received = new();

    /// <summary>The next complete message, waiting up to <paramref name="timeout"/>.</summary>
    /// <param name="poll">Work for the user thread on every look at the ring (WinMM hands its sysex buffer back here).</param>
    public bool TryReceive(out byte[] message, TimeSpan timeout, CancellationToken cancellation, Action? poll = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            poll?.Invoke();
            while (_received.Count == 0 && ring.PeekLength() is int length and >= 0)
            {
                var chunk = new byte[length];
                ring.ReadPart(0, chunk);
                ring.Skip(length);
                foreach (var complete in _assembler.Add(chunk))
                {
                    _received.Enqueue(complete);
                }
            }

            if (_received.TryDequeue(out message!))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline || cancellation.IsCancellationRequested)
            {
                message = [];
                return false;
            }

            Thread.Sleep(1);
        }
    }
}
