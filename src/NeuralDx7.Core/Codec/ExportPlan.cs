using System.Globalization;
using NeuralDx7.Voice;

namespace NeuralDx7.Codec;

/// <summary>
/// Which files an export writes: a bulk dump holds 32 voices, so more voices go to numbered files
/// (<c>nightly-1.syx</c>, <c>nightly-2.syx</c>, ...), the last padded with INIT VOICEs. Single-voice
/// messages and MIDI files hold any number in one file.
/// </summary>
public static class ExportPlan
{
    public static IReadOnlyList<(string Path, IReadOnlyList<Dx7Voice> Voices)> Create(string path, IReadOnlyList<Dx7Voice> voices, Dx7FileFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(voices);
        if (format != Dx7FileFormat.Bulk || voices.Count <= Dx7Cartridge.VoiceCount)
        {
            return [(path, voices)];
        }

        string folder = Path.GetDirectoryName(path) ?? "";
        string stem = Path.GetFileNameWithoutExtension(path);
        string extension = Path.GetExtension(path);
        var chunks = voices.Chunk(Dx7Cartridge.VoiceCount).ToList();
        return [.. chunks.Select((chunk, i) => (
            Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{stem}-{i + 1}{extension}")),
            (IReadOnlyList<Dx7Voice>)chunk))];
    }
}
