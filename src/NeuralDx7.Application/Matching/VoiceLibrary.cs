using NeuralDx7.Application.Evaluation;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Matching;

/// <summary>
/// The voices behind the audio encoder's library: the data the matcher was trained on, in the order it was trained on
/// them. With them the search hears the library voices nearest a sound as they are, not only as the model reconstructs
/// them (the model folder keeps only their sounds' embeddings and latents, never the voices).
/// </summary>
public static class VoiceLibrary
{
    /// <summary>The training voices of <paramref name="data"/>, row for row with the encoder's library; refused when they are not.</summary>
    public static IReadOnlyList<Dx7Voice> Open(ModelFolder model, string data, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var encoder = model.AudioEncoder
            ?? throw new InvalidRequestException("Library", $"needs an audio encoder in {model.Path} (train one with dx7 train-matcher).");
        var voices = TrainingData.Open(data, model, cancellation: cancellation).TrainedOn;
        return Matches(model, voices) ? voices
            : throw new InvalidRequestException("Library", $"must be the data the audio encoder of {model.Path} was trained on: {data} does not hold its {encoder.LibrarySize} training voices in their order.");
    }

    /// <summary>
    /// Whether <paramref name="voices"/> are the encoder's library row for row: the same count, and the model's encoder puts a
    /// few of them, spread over the rows, where the library says it put them (within float noise between CPUs).
    /// </summary>
    public static bool Matches(ModelFolder model, IReadOnlyList<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(voices);
        var encoder = model.AudioEncoder;
        if (encoder is null || voices.Count != encoder.LibrarySize || voices.Count == 0)
        {
            return false;
        }

        int[] rows = [0, voices.Count / 3, 2 * voices.Count / 3, voices.Count - 1];
        var codes = model.Generator.Encode([.. rows.Select(r => voices[r])]);
        return rows.Select((row, i) => encoder.LatentOfRow(row).Zip(codes[i].Latent, (a, b) => Math.Abs(a - b)).Max()).All(d => d < 1e-3);
    }
}
