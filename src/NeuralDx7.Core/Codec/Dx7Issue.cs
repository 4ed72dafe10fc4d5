using System.Globalization;
using System.Text;

namespace NeuralDx7.Codec;

/// <summary>How much an issue matters.</summary>
public enum IssueSeverity
{
    /// <summary>Worth knowing, nothing lost (a skipped DX7II supplement, say).</summary>
    Info,
    /// <summary>Something is off but all voice data was read (a nonstandard header, unused bits).</summary>
    Warning,
    /// <summary>Data is damaged, lost, or would be refused by a DX7.</summary>
    Error,
}

/// <summary>What kind of problem an issue reports.</summary>
public enum IssueKind
{
    /// <summary>The file could not be read at all (missing, a directory, too large, I/O error).</summary>
    Unreadable,
    /// <summary>The file holds no DX7 voice data.</summary>
    NotDx7Data,
    /// <summary>A message that is not DX7 voice data (DX7II supplement, performance, other maker).</summary>
    SkippedMessage,
    /// <summary>Bytes outside any message.</summary>
    StrayBytes,
    /// <summary>A message that ends before its data does.</summary>
    Truncated,
    /// <summary>A byte with its high bit set inside voice data.</summary>
    CorruptData,
    /// <summary>The checksum does not match the data, or is missing.</summary>
    ChecksumMismatch,
    /// <summary>A message without its end-of-exclusive byte.</summary>
    MissingEndOfExclusive,
    /// <summary>A header field other than the DX7 sends (a wrong byte count).</summary>
    NonstandardHeader,
    /// <summary>A parameter value outside its range.</summary>
    OutOfRange,
    /// <summary>A parameter value clamped into range.</summary>
    Repaired,
    /// <summary>More issues of one kind than are worth listing one by one.</summary>
    Summary,
}

/// <summary>
/// One problem found while reading a file: where (file, message offset, voice, parameter) and what.
/// </summary>
public sealed record Dx7Issue(
    IssueSeverity Severity,
    IssueKind Kind,
    string Source,
    long Offset,
    int? VoiceIndex,
    string? Parameter,
    string Message)
{
    public override string ToString()
    {
        var text = new StringBuilder(Source);
        if (Offset >= 0)
        {
            text.Append(CultureInfo.InvariantCulture, $": offset {Offset} (0x{Offset:X})");
        }

        if (VoiceIndex is int voice)
        {
            text.Append(CultureInfo.InvariantCulture, $": voice {voice}");
        }

        if (Parameter is not null)
        {
            text.Append(": ").Append(Parameter);
        }

        return text.Append(": ").Append(Message).ToString();
    }
}
