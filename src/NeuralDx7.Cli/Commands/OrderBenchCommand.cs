using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Cli.Output;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 bench like</c> and <c>dx7 bench category</c>: how well carts to order do what they say, measured by ear on held-out voices.</summary>
internal static class OrderBenchCommand
{
    // The requests' own defaults, so the tool, the cmdlets and the library agree on them.
    private static readonly LikeEvaluationRequest LikeDefaults = new("");
    private static readonly CategoryEvaluationRequest CategoryDefaults = new("");

    public static Command Like()
    {
        var model = ModelArguments.Model();
        var data = new Option<string>("--data") { Description = "The data the model was trained on: its held-out validation voices are the examples.", Required = true };
        var trials = new Option<int>("--trials") { Description = "Sets of examples.", DefaultValueFactory = _ => LikeDefaults.Trials };
        var examples = new Option<int>("--examples") { Description = "Voices a set.", DefaultValueFactory = _ => LikeDefaults.Examples };
        var spreads = new Option<double[]>("--spread") { Description = "A spread to measure (repeatable; default 0.5, 1, 1.5 and 2)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the examples and the voices.", DefaultValueFactory = _ => 1 };
        var temperature = ModelArguments.Temperature(Application.Generation.GenerationRequest.DefaultTemperature);
        var json = CommandAction.JsonOption();
        var command = new Command("like", "Voices like held-out examples: nearer the examples than random real voices? copies of them?")
        {
            model, data, trials, examples, spreads, seed, temperature, json,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var line = new ProgressLine(context.Error);
            var result = CartsToOrder.EvaluateLike(ModelFolder.Open(p.GetValue(model)),
                new LikeEvaluationRequest(p.GetRequiredValue(data), p.GetValue(trials), p.GetValue(examples), p.GetValue(spreads) is { Length: > 0 } s ? s : null, p.GetValue(seed), p.GetValue(temperature)),
                new ImmediateProgress<(int Done, int Total)>(x => line.Report($"like: {x.Done}/{x.Total} trials")), context.Cancellation);
            line.Done();
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, result, CliJson.Default.LikeEvaluationResult);
                return 0;
            }

            var table = new Table("Spread", "Distance ratio", "Nearer examples", "Unique", "Copies (examples)", "Near (examples)", "Copies (training)", "Near (training)");
            foreach (var f in result.Spreads)
            {
                table.Add(f.Spread.ToString("0.##", CultureInfo.InvariantCulture), f.NearerRatio.ToString("0.000", CultureInfo.InvariantCulture),
                    Percent(f.NearerShare), Percent(f.Unique), Percent(f.CopiesOfExamples), Percent(f.NearCopiesOfExamples), Percent(f.CopiesOfTraining), Percent(f.NearCopiesOfTraining));
            }

            table.WriteTo(context.Output);
            context.Error.WriteLine($"dx7: {result.Trials} trials of {result.Examples} held-out examples, {result.VoicesPerTrial} voices each; distance ratio: median timbre distance to the nearest example over that to the nearest of {result.Examples} random held-out voices");
            return 0;
        });
        return command;
    }

    public static Command Category()
    {
        var model = ModelArguments.Model();
        var data = new Option<string>("--data") { Description = "The data the model was trained on.", Required = true };
        var perCategory = new Option<int>("--voices") { Description = "Generated voices, and at most as many held-out real ones, per category.", DefaultValueFactory = _ => CategoryDefaults.Voices };
        var earVoices = new Option<int>("--ear-voices") { Description = "Labelled training voices per category the ear is trained on (fewer: quicker and rougher).", DefaultValueFactory = _ => CategoryDefaults.EarVoices };
        var topP = ModelArguments.TopP();
        var seed = new Option<ulong>("--seed") { Description = "Seed of the voices drawn.", DefaultValueFactory = _ => 1 };
        var spread = new Option<double?>("--spread") { Description = "Spread of the category priors (default as cart new)." };
        var temperature = ModelArguments.Temperature(Application.Generation.GenerationRequest.DefaultTemperature);
        var strength = ModelArguments.CategoryStrength();
        var pullLimit = ModelArguments.CategoryPullLimit();
        var categories = ModelArguments.Categories("Score only this category (repeatable; default every one); the classifier still hears them all");
        var scale = ModelArguments.TemperatureScale();
        var json = CommandAction.JsonOption();
        var command = new Command("category", "Voices by category, heard by a classifier trained on renders of labelled training voices, against held-out real voices of each category.")
        {
            model, data, perCategory, earVoices, seed, spread, temperature, scale, topP, strength, pullLimit, categories, json,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var line = new ProgressLine(context.Error);
            var result = CartsToOrder.EvaluateCategories(ModelFolder.Open(p.GetValue(model)),
                new CategoryEvaluationRequest(p.GetRequiredValue(data), p.GetValue(perCategory), p.GetValue(earVoices), Seed: p.GetValue(seed), Temperature: p.GetValue(temperature), Spread: p.GetValue(spread),
                    CategoryStrength: p.GetValue(strength), CategoryPullLimit: p.GetValue(pullLimit),
                    Categories: p.GetValue(categories) is { Length: > 0 } asked ? asked : null, TemperatureScale: ModelArguments.Scale(p.GetValue(scale)), TopP: p.GetValue(topP)),
                new ImmediateProgress<(int Done, int Total)>(x => line.Report($"category: {x.Done}/{x.Total} sets heard")), context.Cancellation);
            line.Done();
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, result, CliJson.Default.CategoryEvaluationResult);
                return 0;
            }

            var table = new Table("Category", "Training voices", "Held out", "Real heard as it", "Generated heard as it", "Generated / real (95%)", "Mostly mistaken for", "Copies", "Near-copies");
            foreach (var c in result.Categories)
            {
                table.Add(c.Category, c.TrainingVoices.ToString(CultureInfo.InvariantCulture), c.HeldOutVoices.ToString(CultureInfo.InvariantCulture),
                    Percent(c.RealHitRate), Percent(c.GeneratedHitRate), RatioWithInterval(c),
                    c.MostMistakenFor?.ToString() ?? "-", Percent(c.Copies), Percent(c.NearCopies));
            }

            table.WriteTo(context.Output);
            context.Error.WriteLine($"dx7: real voices heard as their category {Percent(result.RealAccuracy)}, generated {Percent(result.GeneratedAccuracy)} (chance {Percent(result.Chance)}); of training voices, {Percent(result.Copies)} copies and {Percent(result.NearCopies)} near-copies");
            return 0;
        });
        return command;
    }

    private static string Percent(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string RatioWithInterval(CategoryFigures c) => c.RatioInterval is { } range
        ? string.Create(CultureInfo.InvariantCulture, $"{c.Ratio:0.00} ({range.Low:0.00}-{range.High:0.00})")
        : c.Ratio.ToString("0.00", CultureInfo.InvariantCulture);
}
