using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.Codec;

/// <summary>The kind of message a voice was read from.</summary>
public enum VoiceContainer
{
    /// <summary>A single-voice (VCED) message, 163 bytes.</summary>
    SingleVoice,
    /// <summary>A 32-voice bulk dump (VMEM), 4104 bytes.</summary>
    BulkDump,
    /// <summary>A bank of 32 packed voices without a sysex header, 4096 bytes.</summary>
    HeaderlessBank,
}

/// <summary>One voice read from a file, where it was, and what validation found.</summary>
/// <param name="Voice">The voice; under <see cref="RepairPolicy.Clamp"/> already repaired.</param>
/// <param name="Index">Position of the voice in the file, from 0, counting every voice slot.</param>
/// <param name="MessageOffset">Offset in the file of the message that holds the voice.</param>
/// <param name="Container">Kind of message.</param>
/// <param name="Channel">MIDI channel (1-16) of the message, or 0 for a headerless bank.</param>
/// <param name="Violations">Out-of-range values (under <see cref="RepairPolicy.Reject"/>).</param>
/// <param name="Repairs">Values that were clamped (under <see cref="RepairPolicy.Clamp"/>).</param>
public sealed record VoiceRecord(
    Dx7Voice Voice,
    int Index,
    long MessageOffset,
    VoiceContainer Container,
    int Channel,
    IReadOnlyList<ParameterViolation> Violations,
    IReadOnlyList<ParameterRepair> Repairs)
{
    /// <summary>True when the voice, as returned, has every value in range.</summary>
    public bool IsValid => Violations.Count == 0;
}

/// <summary>Everything read from one file: its voices and every issue found.</summary>
public sealed class Dx7ReadResult
{
    internal Dx7ReadResult(string source, IReadOnlyList<VoiceRecord> voices, IReadOnlyList<Dx7Issue> issues, int skippedMessages)
    {
        Source = source;
        Voices = voices;
        Issues = issues;
        SkippedMessages = skippedMessages;
    }

    /// <summary>The file name (or other label) given to the reader.</summary>
    public string Source { get; }

    public IReadOnlyList<VoiceRecord> Voices { get; }

    public IReadOnlyList<Dx7Issue> Issues { get; }

    /// <summary>Messages that were not DX7 voice data and were skipped.</summary>
    public int SkippedMessages { get; }

    /// <summary>True when the file held at least one DX7 voice.</summary>
    public bool HasVoices => Voices.Count > 0;

    /// <summary>True when the file could not be read or holds no DX7 voice data.</summary>
    public bool IsUnreadable => Issues.Any(i => i.Kind is IssueKind.Unreadable or IssueKind.NotDx7Data);

    /// <summary>True when every voice is valid and nothing in the file is damaged.</summary>
    public bool IsClean => HasVoices && Voices.All(v => v.IsValid) && !Issues.Any(i => i.Severity == IssueSeverity.Error);

    /// <summary>The channel of the first message, for writing back what was read.</summary>
    public int Channel => Voices.Count > 0 && Voices[0].Channel > 0 ? Voices[0].Channel : 1;
}
