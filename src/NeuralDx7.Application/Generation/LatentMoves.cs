using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Generation;

/// <summary>A path between two voices: how many steps (both ends included), along which curve, decoded how.</summary>
public sealed record InterpolationRequest(int Steps = 32, InterpolationMethod Method = InterpolationMethod.Slerp, double? Temperature = null, ulong? Seed = null)
{
    /// <summary>Moves decode each point's most likely voice unless told, so that neighbours differ only where the latent moved.</summary>
    public const double DefaultTemperature = 0;

    /// <summary>The temperature points are decoded at: the one asked for, or <see cref="DefaultTemperature"/>.</summary>
    public double SamplingTemperature => Temperature ?? DefaultTemperature;

    public void Validate()
    {
        Check.Range(nameof(Steps), Steps, 2, GenerationRequest.MaxCount);
        Check.Range(nameof(Temperature), SamplingTemperature, 0, GenerationRequest.MaxTemperature);
    }
}

/// <summary>Variations of a voice: how many, how far from it (its posterior's deviation times the spread), decoded how.</summary>
public sealed record VariationRequest(int Count = 32, double Spread = 1, double? Temperature = null, ulong? Seed = null)
{
    /// <summary>Variations decode each point's most likely voice unless told: the spread alone says how far they stray.</summary>
    public const double DefaultTemperature = 0;

    /// <summary>The temperature variations are decoded at: the one asked for, or <see cref="DefaultTemperature"/>.</summary>
    public double SamplingTemperature => Temperature ?? DefaultTemperature;

    public const double MaxSpread = 10;

    public void Validate()
    {
        Check.Range(nameof(Count), Count, 1, GenerationRequest.MaxCount);
        Check.Range(nameof(Spread), Spread, 0, MaxSpread);
        Check.Range(nameof(Temperature), SamplingTemperature, 0, GenerationRequest.MaxTemperature);
    }
}

/// <summary>Moves through latent space from given voices: between two of them, or around one.</summary>
public static class LatentMoves
{
    public static GenerationResult Interpolate(ModelFolder model, Dx7Voice from, Dx7Voice to, InterpolationRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        ulong seed = request.Seed ?? 0; // at temperature 0 the seed changes nothing, so none is drawn
        if (request.SamplingTemperature > 0 && request.Seed is null)
        {
            seed = new GenerationRequest().SeedOrNew();
        }

        var voices = model.Generator.Interpolate(from, to, request.Steps, request.Method, request.SamplingTemperature, seed);
        string label = $"{model.Name} from '{from.Name.TrimEnd()}' to '{to.Name.TrimEnd()}'";
        return new GenerationResult([.. voices.Select((v, i) => v.WithOrigin(label, i))], seed, null, null);
    }

    public static GenerationResult Vary(ModelFolder model, Dx7Voice voice, VariationRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        ulong seed = request.Seed ?? new GenerationRequest().SeedOrNew();
        var voices = model.Generator.Vary(voice, request.Count, request.Spread, seed, request.SamplingTemperature);
        return new GenerationResult([.. voices.Select((v, i) => v.WithOrigin($"{model.Name} variation of '{voice.Name.TrimEnd()}' seed {seed}", i))],
            seed, null, null);
    }
}
