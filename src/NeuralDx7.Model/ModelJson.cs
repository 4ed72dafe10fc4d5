using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Model;

// The model folder's files as records, serialised by System.Text.Json source generation (no reflection: safe for Native
// AOT). Fields a file may lack are nullable, so that a missing one is told apart from a zero and reported by name.

/// <summary>config.json: the model's sizes and, for a trained model, the recipe it was trained with.</summary>
internal sealed record ModelFile(ModelConfigFile? Model, TrainingOptionsFile? Training);

/// <summary>The sizes of a <see cref="ModelConfig"/>. Earlier versions wrote an encoderDropout (always 0): read, so that a nonzero one is refused.</summary>
internal sealed record ModelConfigFile(
    int? Heads, int? HeadWidth, int? EncoderLayers, int? DecoderLayers, int? Flows, int? LatentSize, int? ConditioningWidth, double? EncoderDropout = null,
    string? Architecture = null, bool? ByCategory = null);

/// <summary>A <see cref="Training.TrainingOptions"/> as saved; a field left out takes the default.</summary>
internal sealed record TrainingOptionsFile(
    int? BatchSize, double? LearningRate, int? WarmupSteps, bool? CosineDecay, double? FinalLearningRateFraction, double? MaxBeta, int? KlRampSteps,
    double? FreeBits, double? WeightDecay, double? ClipNorm, double? TokenDropout = null, bool? PermuteOperators = null,
    double? CategoryDropout = null);

/// <summary>Where a training run is, in its checkpoint. 64-bit seeds are strings: not every JSON reader holds them exactly as numbers.</summary>
internal sealed record TrainingStateFile(long? Step, int? Epoch, int? Position, long? Samples, double? Seconds, string? EpochSeed, string[]? Random);

/// <summary>A line of training-log.jsonl: the means over a window of training steps.</summary>
internal sealed record TrainingLogLine(
    string Kind, long Step, int Epoch, long Samples, double Seconds, double SamplesPerSecond, double Loss, double Reconstruction, double Accuracy,
    double Kl, double KlWeight, double LearningRate);

/// <summary>A line of training-log.jsonl: the validation split's figures at a step.</summary>
internal sealed record ValidationLogLine(string Kind, long Step, double Seconds, double Reconstruction, double Kl, double Nll, double Accuracy);

/// <summary>latent-statistics.json.</summary>
internal sealed record LatentStatisticsJson(int? Count, double[]? Mean, double[]? Deviations, double[][]? Axes);

/// <summary>training-marginals.json: for each parameter, how many training voices hold each of its valid values.</summary>
internal sealed record MarginalsFile(int? Voices, int[][]? Counts);

/// <summary>The model folder's files, indented for people to read.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelFile))]
[JsonSerializable(typeof(LatentStatisticsJson))]
[JsonSerializable(typeof(LatentPriorFile))]
[JsonSerializable(typeof(CategoryPriorsFile))]
internal sealed partial class ModelJson : JsonSerializerContext
{
    /// <summary>Reads <paramref name="json"/> as a <typeparamref name="T"/>; anything else is an <see cref="InvalidDataException"/> that says it is not <paramref name="what"/>.</summary>
    public static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new InvalidDataException($"not {what}: it is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not {what}: {Describe(e)}", e);
        }
    }

    /// <summary>What is wrong with a JSON file, in words and with where, not the serializer's .NET type names.</summary>
    public static string Describe(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string what = e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "a value of the wrong kind"
            : e.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal) ? "it is empty"
            : "it is not valid JSON";
        string where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
        return e.LineNumber is long line && what != "it is empty" ? $"{what}{where} (line {line + 1})" : what + where;
    }

    /// <inheritdoc cref="Read{T}(ReadOnlySpan{byte}, JsonTypeInfo{T}, string)"/>
    public static T Read<T>(string json, JsonTypeInfo<T> type, string what)
        where T : class => Read(System.Text.Encoding.UTF8.GetBytes(json), type, what);

    /// <summary>A field the file must have: its absence is an error that names it.</summary>
    public static TValue Required<TValue>(TValue? value, string field, string what)
        where TValue : struct => value ?? throw new InvalidDataException($"not {what}: it has no \"{field}\"");

    /// <inheritdoc cref="Required{TValue}(TValue?, string, string)"/>
    public static TValue Required<TValue>(TValue? value, string field, string what)
        where TValue : class => value ?? throw new InvalidDataException($"not {what}: it has no \"{field}\"");
}

/// <summary>Unindented: a line of the training log, a checkpoint's metadata, and files too large to be read by eye.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrainingLogLine))]
[JsonSerializable(typeof(ValidationLogLine))]
[JsonSerializable(typeof(TrainingStateFile))]
[JsonSerializable(typeof(ModelConfigFile))]
[JsonSerializable(typeof(TrainingOptionsFile))]
[JsonSerializable(typeof(MarginalsFile))]
internal sealed partial class ModelJsonCompact : JsonSerializerContext;
