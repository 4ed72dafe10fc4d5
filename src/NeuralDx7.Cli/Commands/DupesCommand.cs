using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Cli.Output;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 dupes</c>: the original's duplicate test, with copies and near-copies of training voices.</summary>
internal static class DupesCommand
{
    public static Command Create()
    {
        var defaults = new DuplicateTestRequest();
        var model = ModelArguments.Model();
        var samples = new Option<int>("--samples") { Description = "Voices to draw.", DefaultValueFactory = _ => defaults.Samples };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the draws.", DefaultValueFactory = _ => defaults.Seed };
        var temperature = ModelArguments.Temperature(Application.Generation.GenerationRequest.DefaultTemperature);
        var topP = ModelArguments.TopP();
        var scale = ModelArguments.TemperatureScale();
        var prior = ModelArguments.Prior();
        var data = new Option<string?>("--data") { Description = "The training data (data set, folder or file): needed to count near-copies." };
        var noScreen = new Option<bool>("--no-screen") { Description = "Draw as the raw model does, without drawing silent voices again." };
        var json = CommandAction.JsonOption();
        var command = new Command("dupes", "Duplicate test: how many sampled voices are distinct, copies or near-copies of training voices, valid.")
        {
            model, samples, seed, temperature, topP, scale, prior, data, noScreen, json,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var request = new DuplicateTestRequest(p.GetValue(samples), p.GetValue(seed), p.GetValue(temperature), p.GetValue(prior), p.GetValue(data), !p.GetValue(noScreen), p.GetValue(topP), ModelArguments.Scale(p.GetValue(scale)));
            request.Validate();
            var line = new ProgressLine(context.Error);
            var result = DuplicateTest.Run(ModelArguments.Open(p.GetValue(model)), request,
                new ImmediateProgress<(int Done, int Total)>(x => line.Report($"dupes: {x.Done}/{x.Total} voices")), context.Cancellation);
            line.Done();
            foreach (string warning in result.Warnings)
            {
                context.Error.WriteLine($"dx7: warning: {warning}");
            }

            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, result, CliJson.Default.DuplicateTestResult);
                return 0;
            }

            string copies = result.Copies is double c ? $"{P(c)} copies of training voices" : "copies not counted";
            string near = result.NearCopies is double n ? $"{P(n)} within {result.NearCopyDistance} parameters of one" : "near-copies not counted";
            context.Output.WriteLine($"{result.Samples} samples: {P(result.Unique)} unique, {copies}, {near}, {P(result.Valid)} valid");
            return 0;
        });
        return command;
    }

    private static string P(double value) => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
