using System.Buffers.Binary;
using System.Globalization;

namespace NeuralDx7.Codec;

/// <summary>
/// The part of Standard MIDI Files a DX7 librarian needs: the sysex events of every track,
/// and a one-track file that holds sysex messages. Every length is checked against the bytes
/// that are really there before it is used.
/// </summary>
public static class StandardMidiFile
{
    private const int TicksPerQuarter = 96;

    public static bool IsStandardMidiFile(ReadOnlySpan<byte> data) => data.StartsWith("MThd"u8);

    /// <summary>
    /// The sysex messages of all tracks, each as a complete F0 ... F7 message (packets continued with
    /// F7 escape events are joined) with the file offset of its first event.
    /// </summary>
    internal static List<(long Offset, byte[] Message)> ReadSysex(ReadOnlySpan<byte> file, IssueLog issues)
    {
        var messages = new List<(long, byte[])>();
        int pos = 0;
        while (pos + 8 <= file.Length)
        {
            var id = file.Slice(pos, 4);
            uint declared = BinaryPrimitives.ReadUInt32BigEndian(file.Slice(pos + 4, 4));
            int bodyStart = pos + 8;
            int length = (int)Math.Min(declared, (uint)(file.Length - bodyStart));
            if (length < declared)
            {
                issues.Add(IssueSeverity.Warning, IssueKind.Truncated, pos, null, null, string.Create(CultureInfo.InvariantCulture,
                    $"MIDI chunk declares {declared} bytes, {length} are left in the file"));
            }

            if (id.SequenceEqual("MTrk"u8))
            {
                ReadTrack(file.Slice(bodyStart, length), bodyStart, messages, issues);
            }

            pos = bodyStart + length;
        }

        return messages;
    }

    // One pass over a track's events, as the file format runs them (running status carries from one event to the next): longer than 80 lines, read best whole.
    private static void ReadTrack(ReadOnlySpan<byte> track, long trackOffset, List<(long, byte[])> messages, IssueLog issues)
    {
        int pos = 0;
        byte runningStatus = 0;
        List<byte>? pending = null; // a sysex message still waiting for its F7 packets
        long pendingOffset = 0;

        while (pos < track.Length)
        {
            if (!TryReadVarInt(track, ref pos, out _) || pos >= track.Length)
            {
                break; // delta time, unused: sysex order is all that matters
            }

            long eventOffset = trackOffset + pos;
            byte status = track[pos];
            if (status is Sysex.Start or Sysex.End)
            {
                pos++;
                if (!TryReadVarInt(track, ref pos, out int length) || length > track.Length - pos)
                {
                    issues.Add(IssueSeverity.Warning, IssueKind.Truncated, eventOffset, null, null, "sysex event runs past the end of its track");
                    break;
                }

                var payload = track.Slice(pos, length);
                pos += length;
                if (status == Sysex.Start)
                {
                    pending = [Sysex.Start, .. payload];
                    pendingOffset = eventOffset;
                }
                else if (pending is not null)
                {
                    pending.AddRange(payload);
                }
                else
                {
                    messages.Add((eventOffset, payload.ToArray())); // an escape holding raw bytes
                }

                if (pending is not null && pending[^1] == Sysex.End)
                {
                    messages.Add((pendingOffset, [.. pending]));
                    pending = null;
                }

                runningStatus = 0;
                continue;
            }

            if (status == 0xFF)
            {
                pos += 2;
                if (pos > track.Length || !TryReadVarInt(track, ref pos, out int length) || length > track.Length - pos)
                {
                    break;
                }

                pos += length;
                runningStatus = 0;
                continue;
            }

            if (status >= 0x80)
            {
                runningStatus = status;
                pos++;
            }
            else if (runningStatus == 0)
            {
                issues.Add(IssueSeverity.Warning, IssueKind.CorruptData, eventOffset, null, null, "MIDI data byte without a status; rest of track skipped");
                break;
            }

            pos += (runningStatus & 0xF0) is 0xC0 or 0xD0 ? 1 : 2;
        }

        if (pending is not null)
        {
            messages.Add((pendingOffset, [.. pending])); // unterminated: the reader reports it
        }
    }

    private static bool TryReadVarInt(ReadOnlySpan<byte> data, ref int pos, out int value)
    {
        value = 0;
        for (int i = 0; i < 4; i++)
        {
            if (pos >= data.Length)
            {
                return false;
            }

            byte b = data[pos++];
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A format-0 file with one track that sends the given sysex messages a quarter note apart.</summary>
    public static byte[] Write(IReadOnlyList<byte[]> sysexMessages)
    {
        ArgumentNullException.ThrowIfNull(sysexMessages);
        var track = new List<byte>();
        // Tempo 120 bpm, so a 4104-byte dump (1.3 s at MIDI speed) has time to arrive before the next.
        track.AddRange([0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20]);
        for (int i = 0; i < sysexMessages.Count; i++)
        {
            var message = sysexMessages[i];
            if (message.Length < 2 || message[0] != Sysex.Start || message[^1] != Sysex.End)
            {
                throw new ArgumentException($"Message {i} is not a complete F0 ... F7 sysex message.", nameof(sysexMessages));
            }

            WriteVarInt(track, i == 0 ? 0 : TicksPerQuarter * 4);
            track.Add(Sysex.Start);
            WriteVarInt(track, message.Length - 1);
            track.AddRange(message.AsSpan(1));
        }

        track.AddRange([0x00, 0xFF, 0x2F, 0x00]);

        var file = new byte[14 + 8 + track.Count];
        "MThd"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), 0); // format 0
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(10), 1); // one track
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(12), TicksPerQuarter);
        "MTrk"u8.CopyTo(file.AsSpan(14));
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(18), (uint)track.Count);
        track.CopyTo(file, 22);
        return file;
    }

    private static void WriteVarInt(List<byte> output, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        int n = 0;
        do
        {
            bytes[n++] = (byte)(value & 0x7F);
            value >>= 7;
        }
        while (value > 0);

        for (int i = n - 1; i >= 0; i--)
        {
            output.Add((byte)(bytes[i] | (i > 0 ? 0x80 : 0)));
        }
    }
}
