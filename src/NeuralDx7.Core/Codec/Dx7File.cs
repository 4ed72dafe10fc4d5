using NeuralDx7.IO;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.Codec;

/// <summary>Whether a file can go to a DX7 as it is.</summary>
public enum ValidationOutcome
{
    /// <summary>Every voice is valid and nothing in the file is damaged.</summary>
    Valid = 0,
    /// <summary>Some voice is out of range, or a message is damaged (checksum, truncation).</summary>
    Invalid = 1,
    /// <summary>The file cannot be read as DX7 data at all.</summary>
    Unreadable = 2,
}

/// <summary>File-level operations shared by the dx7 tool and the PowerShell cmdlets.</summary>
public static class Dx7File
{
    /// <summary>The outcome of validating one read file.</summary>
    public static ValidationOutcome Outcome(Dx7ReadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsUnreadable || !result.HasVoices ? ValidationOutcome.Unreadable
            : result.IsClean ? ValidationOutcome.Valid
            : ValidationOutcome.Invalid;
    }

    /// <summary>The format a file name suggests: .mid and .midi are Standard MIDI Files, the rest bulk dumps.</summary>
    public static Dx7FileFormat FormatFromExtension(string path)
    {
        string extension = Path.GetExtension(path);
        return extension.Equals(".mid", StringComparison.OrdinalIgnoreCase) || extension.Equals(".midi", StringComparison.OrdinalIgnoreCase)
            ? Dx7FileFormat.Smf
            : Dx7FileFormat.Bulk;
    }

    /// <summary>Encodes and writes voices atomically; refuses invalid voices and existing files (unless overwriting).</summary>
    public static void Write(string path, IReadOnlyList<Dx7Voice> voices, Dx7FileFormat format, int channel = 1, bool overwrite = false)
    {
        var bytes = Dx7Writer.Encode(voices, format, channel);
        AtomicFile.Write(path, bytes, overwrite);
    }

    /// <summary>
    /// Reads <paramref name="input"/> and writes its voices to <paramref name="output"/>: as read under
    /// <see cref="RepairPolicy.Reject"/> (out-of-range values are reported in the result and kept, as the
    /// factory ROMs keep theirs), clamped into range under <see cref="RepairPolicy.Clamp"/>.
    /// The channel defaults to the one the input was sent on.
    /// </summary>
    public static Dx7ReadResult Convert(string input, string output, Dx7FileFormat format, RepairPolicy policy, int? channel, bool overwrite)
    {
        var result = Dx7Reader.ReadFile(input, policy);
        if (!result.HasVoices)
        {
            var why = result.Issues.FirstOrDefault(i => i.Kind is IssueKind.Unreadable or IssueKind.NotDx7Data);
            throw new InvalidDataException(why?.ToString() ?? $"{input}: holds no DX7 voice data");
        }

        Write(output, result.Voices.Select(v => v.Voice).ToList(), format, channel ?? result.Channel, overwrite);
        return result;
    }
}
