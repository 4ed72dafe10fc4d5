using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Matching;
using NeuralDx7.Cli.Output;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 bench match</c>: how well matching finds test voices, beside retrieval from the training voices.</summary>
internal static class MatchBenchCommand
{
    public static Command Create()
    {
        var defaults = new MatchBenchmarkRequest("x");
        var model = ModelArguments.Model();
        var data = new Option<string>("--data") { Description = "The data the model was trained on: test-split voices are the targets, training voices the library.", Required = true };
        var targets = new Option<int>("--targets") { Description = "Targets to match.", DefaultValueFactory = _ => defaults.Targets };
        var shortSeconds = new Option<double>("--short-seconds") { Description = "The short search budget.", DefaultValueFactory = _ => defaults.ShortSeconds };
        var seconds = new Option<double>("--seconds") { Description = "The long search budget.", DefaultValueFactory = _ => defaults.LongSeconds };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the targets' choice and the searches.", DefaultValueFactory = _ => defaults.Seed };
        var hexter = new Option<bool>("--hexter") { Description = "Render the targets with hexter and judge every method's voice by hexter's render of it." };
        var ear = ModelArguments.Ear();
        var json = CommandAction.JsonOption();
        var command = new Command("match", "Match test voices rendered by our engine: retrieval from the training voices, the audio encoder alone, and the search at two budgets.")
        {
            model, data, targets, shortSeconds, seconds, seed, hexter, ear, json,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var line = new ProgressLine(context.Error);
            var result = MatchBenchmark.Run(ModelArguments.Open(p.GetValue(model)),
                new MatchBenchmarkRequest(p.GetRequiredValue(data), p.GetValue(targets), p.GetValue(shortSeconds), p.GetValue(seconds), p.GetValue(seed), p.GetValue(hexter), p.GetValue(ear)),
                new ImmediateProgress<(string Stage, int Done, int Total)>(x => line.Report($"bench match: {x.Stage} {x.Done}/{x.Total}")), context.Cancellation);
            line.Done();
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, result, CliJson.Default.MatchBenchmarkResult);
                return 0;
            }

            string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
            var table = new Table("Target", "retrieval", "(best training voice)", "encoder", $"search {result.ShortSeconds:0} s", $"search {result.LongSeconds:0} s");
            foreach (var r in result.Rows)
            {
                table.Add(r.Target, F(r.Retrieval), r.Retrieved, F(r.Encoder), F(r.Short), F(r.Long));
            }

            table.Add("median", F(result.MedianRetrieval), "", F(result.MedianEncoder), F(result.MedianShort), F(result.MedianLong));
            table.WriteTo(context.Output);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Heard by {result.Ear.ToString().ToLowerInvariant()}, judged by {result.Judge} renders: the search beats the best of {result.TrainingVoices} training voices on {result.ShortBeatsRetrieval:P0} of targets in {result.ShortSeconds:0} s, {result.LongBeatsRetrieval:P0} in {result.LongSeconds:0} s."));
            if (result.SameSoundInTraining.Count > 0)
            {
                context.Output.WriteLine($"Passed over as targets, a training voice making their very sound: {string.Join(", ", result.SameSoundInTraining)}.");
            }

            return 0;
        });
        return command;
    }
}
