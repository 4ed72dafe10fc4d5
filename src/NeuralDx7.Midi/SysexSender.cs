using System.Diagnostics;

namespace NeuralDx7.Midi;

/// <summary>How sysex is paced on its way out.</summary>
/// <param name="DelayBetweenMessages">A pause after each message: a DX7 needs time to store a bulk dump.</param>
/// <param name="MidiRate">Never faster than MIDI's 31,250 baud (3,125 bytes a second), which hardware DX7s
/// and some USB interfaces need; off for software synths.</param>
public sealed record SysexPacing(TimeSpan DelayBetweenMessages = default, bool MidiRate = false)
{
    public const int BytesPerSecondAtMidiRate = 3125;

    public static SysexPacing Immediate { get; } = new();
}

/// <summary>Sends sysex messages through an output with pacing and progress; the part every transport shares.</summary>
public static class SysexSender
{
    /// <summary>Bytes handed to the transport at a time when pacing to MIDI's rate.</summary>
    public const int ChunkBytes = 256;

    /// <summary>
    /// Sends each message; at MIDI rate a message goes out in chunks of <see cref="ChunkBytes"/>, each followed by
    /// the time MIDI would take to carry it. Reports bytes sent of the total.
    /// </summary>
    public static void Send(IMidiOutput output, IReadOnlyList<byte[]> messages, SysexPacing pacing,
        IProgress<(long Sent, long Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(pacing);
        long total = messages.Sum(m => (long)m.Length), sent = 0;
        for (int i = 0; i < messages.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var message = messages[i];
            if (!pacing.MidiRate)
            {
                output.Send(message);
                sent += message.Length;
                progress?.Report((sent, total));
            }
            else
            {
                // One message, handed over a chunk at a time at the speed a MIDI cable carries it.
                var clock = Stopwatch.StartNew();
                foreach (var (offset, length) in Chunks(message.Length, ChunkBytes))
                {
                    cancellation.ThrowIfCancellationRequested();
                    output.Send(message.AsSpan(offset, length));
                    sent += length;
                    progress?.Report((sent, total));
                    var due = TimeSpan.FromSeconds((offset + length) / (double)SysexPacing.BytesPerSecondAtMidiRate);
                    Wait(due - clock.Elapsed, cancellation);
                }
            }

            output.Flush(cancellation);
            if (i < messages.Count - 1)
            {
                Wait(pacing.DelayBetweenMessages, cancellation);
            }
        }
    }

    /// <summary>The (offset, length) pieces of a message of <paramref name="length"/> bytes, at most <paramref name="size"/> each.</summary>
    public static IEnumerable<(int Offset, int Length)> Chunks(int length, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        for (int offset = 0; offset < length; offset += size)
        {
            yield return (offset, Math.Min(size, length - offset));
        }
    }

    private static void Wait(TimeSpan time, CancellationToken cancellation)
    {
        if (time > TimeSpan.Zero)
        {
            cancellation.WaitHandle.WaitOne(time);
            cancellation.ThrowIfCancellationRequested();
        }
    }
}

/// <summary>Splits a run of sysex bytes (a .syx file) into its messages, F0 to F7, for sending as they are.</summary>
public static class SysexMessages
{
    public static IReadOnlyList<byte[]> Split(ReadOnlySpan<byte> bytes) => new MessageAssembler().Add(bytes).Where(m => m[0] == 0xF0).ToList();
}
