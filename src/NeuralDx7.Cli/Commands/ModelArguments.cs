using System.CommandLine;
using NeuralDx7.Model;

namespace NeuralDx7.Cli.Commands;

/// <summary>Options the model commands share.</summary>
internal static class ModelArguments
{
    public static Option<string?> Model() => new("--model") { Description = "Model folder (default: the shipped models/dx7-vae)." };

    public static Option<ulong?> Seed() => new("--seed") { Description = "Seed for sampling; the same seed gives the same voices (default: random, printed)." };

    public static Option<double> Temperature(double fallback) => new("--temperature")
    {
        Description = "0 takes each parameter's most likely value; above 0 samples, more varied as it grows.",
        DefaultValueFactory = _ => fallback,
    };

    public static Option<string> Out(bool required) => new("--out") { Description = "The .syx (or .mid) file to write.", Required = required };

    /// <summary>The model a command uses: the one asked for, or the shipped one.</summary>
    public static TrainedModel Load(string? folder)
    {
        string path = folder ?? TrainedModel.FindShipped()
            ?? throw new FileNotFoundException("No model given and no shipped model found (models/dx7-vae); use --model <folder>.");
        return TrainedModel.Load(path);
    }

    public static ulong SeedOrRandom(ulong? seed) => seed ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
}
