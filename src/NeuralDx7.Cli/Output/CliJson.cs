using System.Text.Json;
using System.Text.Json.Serialization;
using NeuralDx7.Application.Benchmarks;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Cli.Output;

/// <summary>Every --json result, serialised by source generation: no reflection, so dx7 trims and compiles ahead of time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnum<PriorKind>), typeof(CamelCaseEnum<NeuralDx7.Matching.Ear>)])]
[JsonSerializable(typeof(ModelEvaluationResult))]
[JsonSerializable(typeof(IReadOnlyList<InspectedVoice>))]
[JsonSerializable(typeof(ValidationReport))]
[JsonSerializable(typeof(NeuralDx7.Corpus.ImportedDataset))]
[JsonSerializable(typeof(IReadOnlyList<EncodedVoice>))]
[JsonSerializable(typeof(CategoryList))]
[JsonSerializable(typeof(LikeEvaluationResult))]
[JsonSerializable(typeof(CategoryEvaluationResult))]
[JsonSerializable(typeof(IReadOnlyList<ListedPort>))]
[JsonSerializable(typeof(GemmFigures))]
[JsonSerializable(typeof(IReadOnlyList<GemmFigures>))]
[JsonSerializable(typeof(TrainFigures))]
[JsonSerializable(typeof(PeakResult))]
[JsonSerializable(typeof(CartFigures))]
[JsonSerializable(typeof(RenderFigures))]
[JsonSerializable(typeof(DatasetFigures))]
[JsonSerializable(typeof(DuplicateTestResult))]
[JsonSerializable(typeof(NeuralDx7.Application.Generation.PriorFitOutcome))]
[JsonSerializable(typeof(NeuralDx7.Cli.Commands.MatchSummary))]
[JsonSerializable(typeof(NeuralDx7.Application.Matching.MatcherTrainingResult))]
[JsonSerializable(typeof(NeuralDx7.Application.Matching.MatchBenchmarkResult))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>Writes <paramref name="value"/> as indented JSON and a line break.</summary>
    public static void Write<T>(TextWriter output, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        output.WriteLine(JsonSerializer.Serialize(value, type));
}

/// <summary>Enum values as their names in camelCase ("fitted"), as the options take them.</summary>
internal sealed class CamelCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase) where T : struct, Enum;

