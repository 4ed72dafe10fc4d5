using NeuralDx7.Model;
using NeuralDx7.Model.Training;

namespace NeuralDx7.Application.Training;

/// <summary>A training run as a user asks for it: the data, the model folder, a configuration by name or file, how long, and any recipe options changed.</summary>
/// <param name="Data">A data set from 'dx7 import', or a folder or file of cartridges.</param>
/// <param name="OutputPath">The model folder to write: checkpoint, log, and the model.</param>
/// <param name="Config">A named configuration (<see cref="ModelConfig.Named"/>) or a JSON file of sizes.</param>
/// <param name="Minutes">Stop after this much training time, across resumes.</param>
/// <param name="Epochs">Stop after this many passes over the training voices.</param>
/// <param name="Recipe">The recipe options given; each one left null takes the configuration's recipe (<see cref="TrainingOptions.For"/>).</param>
/// <param name="StartFrom">A trained model folder to start from instead of random weights (fine-tuning).</param>
public sealed record ModelTrainingRequest(string Data, string OutputPath, string Config = ModelTrainingRequest.DefaultConfig, double? Minutes = null,
    int? Epochs = null, bool Resume = false, ulong Seed = 1, TrainingOverrides? Recipe = null, string? StartFrom = null)
{
    /// <summary>The configuration trained unless told: the shipped model's.</summary>
    public const string DefaultConfig = "autoregressive";

    /// <summary>The run this asks for, its recipe resolved; throws, naming the option, for anything out of range.</summary>
    public TrainingRequest Resolve()
    {
        var budget = TrainingBudget.Of(Minutes, Epochs);
        var sizes = ModelConfig.Resolve(Config);
        var request = new TrainingRequest(Data, OutputPath, sizes, TrainingOptions.For(sizes).With(Recipe ?? new TrainingOverrides()), budget, Seed, Resume, StartFrom);
        request.Validate();
        return request;
    }
}

/// <summary>Trains a model, as both front ends do: the request resolved, then the run (<see cref="TrainingRun"/>).</summary>
public static class ModelTraining
{
    public static TrainingOutcome Run(ModelTrainingRequest request, IProgress<TrainingProgress>? progress = null, IProgress<string>? messages = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TrainingRun.Execute(request.Resolve(), progress, messages, cancellation);
    }
}
