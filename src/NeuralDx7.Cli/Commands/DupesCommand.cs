using System.CommandLine;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Model.Evaluation;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 dupes</c>: the original's duplicate test on voices sampled from the prior.</summary>
internal static class DupesCommand
{
    public static Command Create()
    {
        var model = ModelArguments.Model();
        var samples = new Option<int>("--samples") { Description = "Voices to draw.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the draws.", DefaultValueFactory = _ => 1 };
        var temperature = ModelArguments.Temperature(CartCommand.DefaultTemperature);
        var json = CommandAction.JsonOption();
        var command = new Command("dupes", "Duplicate test: how many sampled voices are distinct, copies of training voices, valid.") { model, samples, seed, temperature, json };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var trained = ModelArguments.Load(p.GetValue(model));
            var line = new ProgressLine(context.Error);
            var result = Uniqueness.Measure(trained, p.GetValue(samples), p.GetValue(seed), p.GetValue(temperature),
                new ImmediateProgress<(int Done, int Total)>(x => line.Report($"dupes: {x.Done}/{x.Total} voices")), context.Cancellation);
            line.Done();
            if (p.GetValue(json))
            {
                Json.Write(context.Output, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("samples", result.Samples);
                    w.WriteNumber("unique", result.Unique);
                    w.WriteNumber("copies", result.Copies);
                    w.WriteNumber("valid", result.Valid);
                    w.WriteNumber("temperature", p.GetValue(temperature));
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Samples} samples: {result.Unique:P2} unique, {result.Copies:P2} copies of training voices, {result.Valid:P2} valid"));
            }

            return 0;
        });
        return command;
    }
}
