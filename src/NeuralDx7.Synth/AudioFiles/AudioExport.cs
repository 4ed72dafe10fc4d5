using System.Globalization;
using NeuralDx7.IO;
using NeuralDx7.Voice;

namespace NeuralDx7.Synth;

/// <summary>One WAV file to write: which voice, where.</summary>
public sealed record AudioFile(Dx7Voice Voice, string Path);

/// <summary>
/// Auditions voices into WAV files, the same way for <c>dx7 render</c> and <c>Export-Dx7Audio</c>: a path ending in
/// .wav takes one voice; anything else is a folder that gets voice00.wav, voice01.wav, ... Every target is checked
/// before the first is written, so a refusal to overwrite leaves nothing half done.
/// </summary>
public static class AudioExport
{
    /// <summary>Where each voice goes. Voices from a file keep their index in the name (voice07.wav is voice 7).</summary>
    public static IReadOnlyList<AudioFile> Plan(IReadOnlyList<Dx7Voice> voices, string output)
    {
        ArgumentNullException.ThrowIfNull(voices);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        if (voices.Count == 0)
        {
            throw new ArgumentException("No voices to render.");
        }

        if (output.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
        {
            return voices.Count == 1
                ? [new AudioFile(voices[0], output)]
                : throw new ArgumentException($"{output} is one WAV file, but there are {voices.Count} voices: give a folder instead, or pick one voice (file:index).");
        }

        // Numbered by position unless every voice has a distinct index from its file.
        bool byIndex = voices.All(v => v.Index is not null) && voices.Select(v => v.Index).Distinct().Count() == voices.Count;
        int digits = Math.Max(2, (voices.Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        return [.. voices.Select((voice, position) =>
        {
            int number = byIndex ? voice.Index!.Value : position;
            return new AudioFile(voice, Path.Combine(output, "voice" + number.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".wav"));
        })];
    }

    /// <summary>Renders and writes every file in <paramref name="plan"/>, reporting how many are done.</summary>
    /// <exception cref="IOException">A target exists and <paramref name="overwrite"/> is false (nothing is written).</exception>
    public static void Write(IReadOnlyList<AudioFile> plan, AuditionOptions options, bool overwrite, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!overwrite && plan.FirstOrDefault(f => File.Exists(f.Path)) is { } existing)
        {
            throw new FileExistsException(existing.Path);
        }

        for (int i = 0; i < plan.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var samples = AuditionRenderer.Render(plan[i].Voice, options);
            WavFile.Write(plan[i].Path, samples, options.SampleRate, overwrite);
            progress?.Report(i + 1);
        }
    }
}
