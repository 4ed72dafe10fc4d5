using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeuralDx7.Model;

/// <summary>
/// The sizes of a DX7 VAE, saved beside its weights. F = heads x head width; feed-forward and output
/// MLPs are 3F wide, the posterior MLP 2F, the decoder's conditioning FiLM MLPs 3 x conditioning width.
/// </summary>
public sealed record ModelConfig(
    int Heads,
    int HeadWidth,
    int EncoderLayers,
    int DecoderLayers,
    int Flows,
    int LatentSize,
    int ConditioningWidth = 8,
    double EncoderDropout = 0)
{
    /// <summary>Tokens per voice: the 155 VCED parameters.</summary>
    public const int Positions = 155;

    /// <summary>Values a token can take (7-bit MIDI data).</summary>
    public const int Vocabulary = 128;

    /// <summary>The reference's small configuration: 4 heads x 16, 4 + 4 layers, 4 flows, latent 8 (419,624 parameters).</summary>
    public static ModelConfig Small { get; } = new(4, 16, 4, 4, 4, 8);

    /// <summary>The original project's size: 8 heads x 64, 12 + 12 layers, 16 flows, latent 8 (60,419,528 parameters).</summary>
    public static ModelConfig Original { get; } = new(8, 64, 12, 12, 16, 8);

    /// <summary>Model width F.</summary>
    public int Features => Heads * HeadWidth;

    /// <summary>A named configuration ("small", "original") or a JSON file.</summary>
    public static ModelConfig Resolve(string nameOrFile)
    {
        ArgumentNullException.ThrowIfNull(nameOrFile);
        return nameOrFile.ToLowerInvariant() switch
        {
            "small" => Small,
            "original" => Original,
            _ when File.Exists(nameOrFile) => FromJson(File.ReadAllText(nameOrFile)),
            _ => throw new ArgumentException($"'{nameOrFile}' is neither a configuration name (small, original) nor a JSON file."),
        };
    }

    public void Validate()
    {
        if (Heads < 1 || HeadWidth < 1 || EncoderLayers < 1 || DecoderLayers < 1 || Flows < 0 || LatentSize < 1 || ConditioningWidth < 1
            || Features > 4096 || EncoderLayers > 64 || DecoderLayers > 64 || Flows > 64 || LatentSize > 256 || EncoderDropout is < 0 or >= 1)
        {
            throw new InvalidDataException($"Model configuration {this} is out of range.");
        }
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("heads", Heads);
            w.WriteNumber("headWidth", HeadWidth);
            w.WriteNumber("encoderLayers", EncoderLayers);
            w.WriteNumber("decoderLayers", DecoderLayers);
            w.WriteNumber("flows", Flows);
            w.WriteNumber("latentSize", LatentSize);
            w.WriteNumber("conditioningWidth", ConditioningWidth);
            w.WriteNumber("encoderDropout", EncoderDropout);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ModelConfig FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            int Int(string name) => root.GetProperty(name).GetInt32();
            var config = new ModelConfig(
                Int("heads"), Int("headWidth"), Int("encoderLayers"), Int("decoderLayers"), Int("flows"), Int("latentSize"),
                root.TryGetProperty("conditioningWidth", out var c) ? c.GetInt32() : 8,
                root.TryGetProperty("encoderDropout", out var d) ? d.GetDouble() : 0);
            config.Validate();
            return config;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Not a model configuration: {e.Message}", e);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Heads}x{HeadWidth} heads, {EncoderLayers}+{DecoderLayers} layers, {Flows} flows, latent {LatentSize}");
}
