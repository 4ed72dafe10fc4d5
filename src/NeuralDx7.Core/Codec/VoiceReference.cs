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

    /// <summary>
    /// The voices a command-line argument names: every voice of an existing file, or the one voice of file:index
    /// (<c>OneVoice</c> tells which was meant).
    /// </summary>
    public static (IReadOnlyList<Dx7Voice> Voices, bool OneVoice) ReadVoices(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!File.Exists(text) && text.LastIndexOf(':') > 0)
        {
            return ([Parse(text).Resolve()], true);
        }

        return ([.. ReadWithVoices(text).Voices.Select(v => v.Voice)], false);
    }

    /// <summary>
    /// The voices of <c>file</c> or of <c>file:i,j,k</c> (indices from 0, as inspect shows): every voice of the file, or
    /// the ones listed, in that order.
    /// </summary>
    public static IReadOnlyList<Dx7Voice> ReadSelection(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.LastIndexOf(':');
        if (File.Exists(text) || colon <= 0)
        {
            return [.. ReadWithVoices(text).Voices.Select(v => v.Voice)];
        }

        string path = text[..colon];
        var indices = new List<int>();
        foreach (var part in text[(colon + 1)..].Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                throw new ArgumentException($"'{text}' is not file or file:i,j,k (for example ROM1A.syx:0,4,7).");
            }

            indices.Add(index);
        }

        var result = ReadWithVoices(path);
        return [.. indices.Select(i => VoiceAt(result, path, i))];
    }

    /// <summary>Reads the file and returns the voice, with a clear error when the file or the index is wrong.</summary>
    public Dx7Voice Resolve() => VoiceAt(ReadWithVoices(Path), Path, Index);

    private static Dx7Voice VoiceAt(Dx7ReadResult result, string path, int index) =>
        result.Voices.FirstOrDefault(v => v.Index == index)?.Voice
            ?? throw new ArgumentException($"{path} has no voice {index} (voices {result.Voices[0].Index}-{result.Voices[^1].Index}).");

    public override string ToString() => $"{Path}:{Index}";

    private static Dx7ReadResult ReadWithVoices(string path)
    {
        var result = Dx7Reader.ReadFile(path);
        if (!result.HasVoices)
        {
            var why = result.Issues.FirstOrDefault(i => i.Kind is IssueKind.Unreadable or IssueKind.NotDx7Data);
            throw new InvalidDataException(why?.ToString() ?? $"{path}: holds no DX7 voice data");
        }

        return result;
    }
}
