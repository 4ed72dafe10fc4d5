using NeuralDx7.Corpus;
using NeuralDx7.Model;
using NeuralDx7.Model.Training;
using NeuralDx7.Voice;

namespace NeuralDx7.Tests.Model;

/// <summary>A model small enough to train in a test, on a real slice of the corpus: Yamaha's own cartridges.</summary>
internal static class TinyModel
{
    public static ModelConfig Config { get; } = new(Heads: 2, HeadWidth: 8, EncoderLayers: 1, DecoderLayers: 1, Flows: 2, LatentSize: 4, ConditioningWidth: 4);

    public static string Slice => Path.Combine(SharedData.Corpus, "Original Yamaha");

    private static readonly Lazy<Dx7Dataset> LazyData = new(() => Dx7Dataset.Open(Slice));

    public static Dx7Dataset Data => LazyData.Value;

    public static IReadOnlyList<Dx7Voice> Train => [.. Data.Train];

    public static IReadOnlyList<Dx7Voice> Validation => [.. Data.Validation];

    public static TrainingOptions Options { get; } = new(BatchSize: 16, LearningRate: 3e-3, WarmupSteps: 20, MaxBeta: 4.0 / 155, KlRampSteps: 200);
}
