using NeuralDx7.IO;
using System.Globalization;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.Codec;

/// <summary>
/// Reads DX7 voices from whatever real files hold: single-voice messages, 32-voice bulk dumps,
/// headerless 4096-byte banks, several messages back to back, and sysex inside Standard MIDI Files.
/// Nothing in a file can make it throw or allocate beyond the file's own (bounded) size.
/// </summary>
public sealed class Dx7Reader
{
    /// <summary>Largest file read; DX7 files are a few kilobytes, the largest archive in the corpus 131 KB.</summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

    private readonly string _source;
    private readonly RepairPolicy _policy;
    private readonly List<VoiceRecord> _voices = [];
    private readonly IssueLog _issues;
    private int _slot;
    private int _skipped;

    private Dx7Reader(string source, RepairPolicy policy)
    {
        _source = source;
        _policy = policy;
        _issues = new IssueLog(source);
    }

    /// <summary>Reads a file. Problems become issues in the result; this never throws for bad content.</summary>
    public static Dx7ReadResult ReadFile(string path, RepairPolicy policy = RepairPolicy.Reject)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            if (Directory.Exists(path))
            {
                return Unreadable(path, "is a directory, not a file");
            }

            bytes = BoundedFile.ReadAllBytes(path, MaxFileBytes, "a DX7 file; they are a few KB");
        }
        catch (FileTooLargeException e)
        {
            return Unreadable(path, e.Problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Unreadable(path, e is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : e.Message);
        }

        return Read(bytes, path, policy);
    }

    /// <summary>Reads DX7 voices from bytes; <paramref name="source"/> names them in issues.</summary>
    public static Dx7ReadResult Read(ReadOnlySpan<byte> data, string source, RepairPolicy policy = RepairPolicy.Reject)
    {
        var reader = new Dx7Reader(source, policy);
        reader.ReadAll(data);
        return new Dx7ReadResult(source, reader._voices, reader._issues.ToList(), reader._skipped);
    }

    private static Dx7ReadResult Unreadable(string path, string reason)
    {
        var log = new IssueLog(path);
        log.Add(IssueSeverity.Error, IssueKind.Unreadable, -1, null, null, reason);
        return new Dx7ReadResult(path, [], log.ToList(), 0);
    }

    private void ReadAll(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            _issues.Add(IssueSeverity.Error, IssueKind.NotDx7Data, -1, null, null, "is empty");
            return;
        }

        if (StandardMidiFile.IsStandardMidiFile(data))
        {
            foreach (var (offset, message) in StandardMidiFile.ReadSysex(data, _issues))
            {
                ReadStream(message, offset);
            }
        }
        else if (data.Length == PackedVoice.Size * 32 && data.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0)
        {
            ReadVoices(data, 0, VoiceContainer.HeaderlessBank, 0);
        }
        else
        {
            ReadStream(data, 0);
        }

        if (_voices.Count == 0 && !_issues.Any(IssueKind.Unreadable))
        {
            string what = _skipped > 0
                ? string.Create(CultureInfo.InvariantCulture, $"holds no DX7 voice data ({_skipped} other message(s) skipped)")
                : "holds no DX7 voice data";
            _issues.Add(IssueSeverity.Error, IssueKind.NotDx7Data, -1, null, null, what);
        }
    }

    // A run of sysex messages, possibly with stray bytes between them.
    private void ReadStream(ReadOnlySpan<byte> data, long baseOffset)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            int start = data[pos..].IndexOf(Sysex.Start);
            int stray = start < 0 ? data.Length - pos : start;
            if (stray > 0)
            {
                _issues.Add(IssueSeverity.Info, IssueKind.StrayBytes, baseOffset + pos, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"{stray} byte(s) outside any message skipped"));
            }

            if (start < 0)
            {
                return;
            }

            pos += start;
            pos += ReadMessage(data[pos..], baseOffset + pos);
        }
    }

    // Reads the message starting at data[0] (an F0) and returns how many bytes it used (at least 1).
    private int ReadMessage(ReadOnlySpan<byte> data, long offset)
    {
        bool yamahaVoice = data.Length >= 4 && data[1] == Sysex.Yamaha && (data[2] & 0xF0) == 0;
        bool bulk = yamahaVoice && data[3] == Sysex.BulkFormat;
        bool single = yamahaVoice && data[3] == Sysex.SingleVoiceFormat && data.Length >= 6 && data[4] == 0x01 && data[5] == 0x1B;
        if (!bulk && !single)
        {
            return SkipMessage(data, offset);
        }

        int channel = (data[2] & 0x0F) + 1;
        int dataLength = bulk ? Sysex.BulkDataLength : Sysex.SingleVoiceDataLength;
        if (bulk && data.Length >= Sysex.HeaderLength && (data[4] != 0x20 || data[5] != 0x00))
        {
            _issues.Add(IssueSeverity.Warning, IssueKind.NonstandardHeader, offset, null, null,
                $"byte count field is {data[4]:X2} {data[5]:X2}, not 20 00; read as a 32-voice bulk dump anyway");
        }

        var body = data.Length > Sysex.HeaderLength ? data.Slice(Sysex.HeaderLength, Math.Min(dataLength, data.Length - Sysex.HeaderLength)) : [];
        int available = DataBeforeNextMessage(body);
        var container = bulk ? VoiceContainer.BulkDump : VoiceContainer.SingleVoice;
        ReadVoices(body[..available], offset, container, channel);

        if (available < dataLength)
        {
            string what = bulk ? "bulk dump" : "single-voice message";
            int complete = bulk ? available / PackedVoice.Size : 0;
            int expected = bulk ? 32 : 1;
            _issues.Add(IssueSeverity.Error, IssueKind.Truncated, offset, null, null, string.Create(CultureInfo.InvariantCulture,
                $"{what} ends after {available} of {dataLength} data bytes; {complete} of {expected} voice(s) read"));

            // An F7 that cut the message short belongs to it; an F0 starts the next message.
            int used = Sysex.HeaderLength + available;
            return used < data.Length && data[used] == Sysex.End ? used + 1 : Math.Max(1, Math.Min(used, data.Length));
        }

        int checksumAt = Sysex.HeaderLength + dataLength;
        if (checksumAt >= data.Length)
        {
            _issues.Add(IssueSeverity.Error, IssueKind.ChecksumMismatch, offset, null, null, "message ends before its checksum");
            return data.Length;
        }

        byte checksum = data[checksumAt];
        if (checksum == Sysex.End)
        {
            _issues.Add(IssueSeverity.Error, IssueKind.ChecksumMismatch, offset, null, null, "checksum byte is missing (F7 follows the data)");
            return checksumAt + 1;
        }

        byte expectedChecksum = Sysex.Checksum(body);
        if (checksum != expectedChecksum)
        {
            _issues.Add(IssueSeverity.Error, IssueKind.ChecksumMismatch, offset, null, null, string.Create(CultureInfo.InvariantCulture,
                $"checksum is 0x{checksum:X2}, the data sums to 0x{expectedChecksum:X2}; a DX7 would refuse this message (voice data read anyway)"));
        }

        if (checksumAt + 1 < data.Length && data[checksumAt + 1] == Sysex.End)
        {
            return checksumAt + 2;
        }

        _issues.Add(IssueSeverity.Error, IssueKind.MissingEndOfExclusive, offset, null, null, "no end-of-exclusive byte (F7) after the checksum");
        return checksumAt + 1;
    }

    // Data stops early at an F7, or at an F0 that starts another Yamaha message; other high bytes are corruption.
    private static int DataBeforeNextMessage(ReadOnlySpan<byte> body)
    {
        int searched = 0;
        while (true)
        {
            int high = body[searched..].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (high < 0)
            {
                return body.Length;
            }

            int at = searched + high;
            if (body[at] == Sysex.End || (body[at] == Sysex.Start && at + 1 < body.Length && body[at + 1] == Sysex.Yamaha))
            {
                return at;
            }

            searched = at + 1;
        }
    }

    private int SkipMessage(ReadOnlySpan<byte> data, long offset)
    {
        _skipped++;
        int end = data[1..].IndexOfAny(Sysex.End, Sysex.Start);
        string what = Sysex.Describe(data);
        if (end >= 0 && data[1 + end] == Sysex.End)
        {
            _issues.Add(IssueSeverity.Info, IssueKind.SkippedMessage, offset, null, null, $"skipped {what}");
            return end + 2;
        }

        _issues.Add(IssueSeverity.Info, IssueKind.SkippedMessage, offset, null, null, $"skipped {what} (no end-of-exclusive)");
        return end < 0 ? data.Length : end + 1;
    }

    // Voices in a bulk body (128 bytes each) or a single-voice body (155 values).
    // Every message takes its full number of voice slots, so a lost voice leaves a gap, not a shift.
    private void ReadVoices(ReadOnlySpan<byte> body, long offset, VoiceContainer container, int channel)
    {
        int first = _slot;
        if (container == VoiceContainer.SingleVoice)
        {
            _slot += 1;
            if (body.Length == Sysex.SingleVoiceDataLength)
            {
                AddVoice(body, first, offset, container, channel, packed: false);
            }

            return;
        }

        _slot += 32;
        for (int k = 0; (k + 1) * PackedVoice.Size <= body.Length; k++)
        {
            AddVoice(body.Slice(k * PackedVoice.Size, PackedVoice.Size), first + k, offset, container, channel, packed: true);
        }
    }

    private void AddVoice(ReadOnlySpan<byte> bytes, int index, long offset, VoiceContainer container, int channel, bool packed)
    {
        int corrupt = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (corrupt >= 0)
        {
            _issues.Add(IssueSeverity.Error, IssueKind.CorruptData, offset, index, null, string.Create(CultureInfo.InvariantCulture,
                $"byte 0x{bytes[corrupt]:X2} inside the voice data is not MIDI data; voice dropped"));
            return;
        }

        var voice = (packed ? PackedVoice.ToVoice(bytes) : Dx7Voice.FromParameters(bytes)).WithOrigin(_source, index);
        var violations = VoiceValidation.FindViolations(voice);
        IReadOnlyList<ParameterRepair> repairs = [];
        if (violations.Count > 0 && _policy == RepairPolicy.Clamp)
        {
            (voice, repairs) = VoiceValidation.Clamp(voice);
            foreach (var repair in repairs)
            {
                _issues.Add(IssueSeverity.Warning, IssueKind.Repaired, offset, index, repair.Parameter.Name,
                    string.Create(CultureInfo.InvariantCulture, $"{repair.From} clamped to {repair.To}"));
            }

            violations = [];
        }

        foreach (var violation in violations)
        {
            _issues.Add(IssueSeverity.Error, IssueKind.OutOfRange, offset, index, violation.Parameter.Name,
                string.Create(CultureInfo.InvariantCulture, $"{violation.Value} is outside {violation.Parameter.Min}-{violation.Parameter.Max}"));
        }

        _voices.Add(new VoiceRecord(voice, index, offset, container, channel, violations, repairs));
    }
}
