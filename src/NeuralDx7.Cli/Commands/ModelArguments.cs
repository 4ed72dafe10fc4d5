using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Cli.Commands;

/// <summary>Options the model commands share. Ranges and defaults are the requests' own (NeuralDx7.Application).</summary>
internal static class ModelArguments
{
    public static Option<string?> Model() => new("--model") { Description = "Model folder (default: the shipped models/dx7-vae)." };

    public static Option<ulong?> Seed() => new("--seed") { Description = "Seed for sampling; the same seed gives the same voices (default: random, printed)." };

    /// <summary>--temperature, with the default of the request it goes into (new voices: 1; moves from given voices: 0).</summary>
    public static Option<double?> Temperature(double requestDefault) => new("--temperature")
    {
        Description = string.Create(CultureInfo.InvariantCulture,
            $"0 takes each parameter's most likely value; above 0, up to 10, samples, more varied as it grows (default: {requestDefault})."),
    };

    /// <summary>--top-p: the nucleus each parameter is drawn from.</summary>
    public static Option<double?> TopP() => new("--top-p")
    {
        Description = string.Create(CultureInfo.InvariantCulture,
            $"Draw each parameter from its most likely values that together hold this share of the probability, above 0 up to 1 (default: {Application.Generation.GenerationRequest.DefaultTopP})."),
    };

    /// <summary>--temperature-scale: parameters drawn at a multiple of the temperature, or none; by default the model folder's.</summary>
    public static Option<string?> TemperatureScale() => new("--temperature-scale")
    {
        Description = $"Draw some parameters cooler or hotter: 'EG Level 4=0.5, Detune=0.7' (every operator's; 'OP2 Detune' for one) or '{NeuralDx7.Model.Generation.TemperatureScale.NoneWord}' "
            + $"(default: the model folder's {NeuralDx7.Model.Generation.TemperatureScale.FileName}, chosen on the validation split, else none).",
    };

    /// <summary>--temperature-scale read as the request reads it: null when not given, refused (naming the option) when a term is bad.</summary>
    public static NeuralDx7.Model.Generation.TemperatureScale? Scale(string? text) =>
        text is null ? null : NeuralDx7.Model.Generation.TemperatureScale.Parse(text);

    public static Option<PriorKind?> Prior() => new("--prior")
    {
        Description = "Where latents are drawn from: fitted (the default when the model has one: where its training voices' posteriors are) or normal (N(0, I), as the original).",
        CustomParser = result => result.Tokens.Count == 0 ? null : CommandAction.NamedValue(result, PriorKind.Fitted),
    };

    /// <summary>--category: one of the fourteen names (any case); anything else is refused with the list.</summary>
    public static Option<double?> CategoryStrength() => new("--category-strength")
    {
        Description = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"With --category, for a model whose decoder reads the category: how strongly voices follow it (1: as learnt; above: more typical of the kind; 0: as if none were asked for; up to {Application.Generation.GenerationRequest.MaxCategoryStrength}; default {Application.Generation.GenerationRequest.DefaultCategoryStrength})."),
    };

    public static Option<double?> CategoryPullLimit() => new("--category-pull-limit")
    {
        Description = $"For voices of a category: the most nats a voice's sound may be likelier told its category than told \"any\" before it is drawn again (default {Application.Generation.GenerationRequest.DefaultCategoryPullLimit}; {Application.Generation.GenerationRequest.MaxCategoryPullLimit}: no limit).",
        HelpName = "nats",
    };

    public static Option<NeuralDx7.Voice.VoiceCategory?> Category() => new("--category")
    {
        HelpName = "name", // else the help lists every spelling the enum and the completions accept
        Description = $"Voices of this kind, drawn where the model put the training voices so named (by the model folder's by-category model when it has one, as the shipped one does): {CategoryNames}.",
        CustomParser = result => ParseCategories(result) is [var category] ? category : null,
        CompletionSources = { CategoryWords },
    };

    /// <summary>A repeatable --category: the categories named, in the order given.</summary>
    public static Option<NeuralDx7.Voice.VoiceCategory[]> Categories(string description) => new("--category")
    {
        HelpName = "name",
        Description = $"{description}: {CategoryNames}.",
        CustomParser = result => ParseCategories(result),
        CompletionSources = { CategoryWords },
    };

    /// <summary>The names --category takes, as a user types them.</summary>
    private static string[] CategoryWords => [.. NeuralDx7.Voice.VoiceCategories.All.Select(NeuralDx7.Voice.VoiceCategories.Name)];

    private static string CategoryNames => string.Join(", ", CategoryWords);

    private static NeuralDx7.Voice.VoiceCategory[] ParseCategories(System.CommandLine.Parsing.ArgumentResult result)
    {
        var categories = new List<NeuralDx7.Voice.VoiceCategory>();
        foreach (string text in result.Tokens.Count > 0 ? result.Tokens.Select(t => t.Value) : [""])
        {
            if (NeuralDx7.Voice.VoiceCategories.Parse(text) is not { } category)
            {
                result.AddError($"--category must be one of {CategoryNames}, not '{text}'.");
                return [];
            }

            categories.Add(category);
        }

        return [.. categories];
    }

    public static Option<NeuralDx7.Matching.Ear> Ear(
        string description = "The synth the search listens through: ours (default) or hexter (Debian's DX7 plugin, when installed); the voice found sounds like the target on it.") => new("--ear")
    {
        Description = description,
        DefaultValueFactory = _ => NeuralDx7.Matching.Ear.Ours,
        CustomParser = result => CommandAction.NamedValue(result, NeuralDx7.Matching.Ear.Ours),
    };

    public static Option<string> Out(bool required) => new("--out") { Description = "The .syx (or .mid) file to write.", Required = required };

    /// <summary>The model a command uses: the one asked for, or the shipped one.</summary>
    public static ModelFolder Open(string? folder) => ModelFolder.Open(folder);
}
