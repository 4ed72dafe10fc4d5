using System.Globalization;
using NeuralDx7.Voice;

namespace NeuralDx7.Codec;

/// <summary>One voice of one file, written <c>file:index</c> on the command line (index from 0, as inspect shows).</summary>
public sealed record VoiceReference(string Path, int Index)
{
    /// <summary>Parses <c>file:index</c>; the last colon counts, so <c>C:\carts\a.syx:3</c> works.</summary>
    public static VoiceReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            throw new ArgumentException($"'{text}' is not file:index (for example ROM1A.syx:0).");
        }

        return new VoiceReference(text[..colon], index);
    }

    /// <summary>Reads the file and returns the voice, with a clear error when the file or the index is wrong.</summary>
    public Dx7Voice Resolve()
    {
        var result = Dx7Reader.ReadFile(Path);
        if (!result.HasVoices)
        {
            var why = result.Issues.FirstOrDefault(i => i.Kind is IssueKind.Unreadable or IssueKind.NotDx7Data);
            throw new InvalidDataException(why?.ToString() ?? $"{Path}: holds no DX7 voice data");
        }

        var record = result.Voices.FirstOrDefault(v => v.Index == Index)
            ?? throw new ArgumentException($"{Path} has no voice {Index} (voices {result.Voices[0].Index}-{result.Voices[^1].Index}).");
        return record.Voice;
    }

    public override string ToString() => $"{Path}:{Index}";
}
