using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Generation;
using NeuralDx7.Cli.Output;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 prior fit --model &lt;dir&gt; --data &lt;data&gt;</c>: fits the latent prior new voices are drawn from.</summary>
internal static class PriorCommand
{
    public static Command Create()
    {
        var prior = new Command("prior", "The density new voices are drawn from in latent space.");
        var model = ModelArguments.Model();
        var data = new Option<string>("--data") { Description = "The data the model was trained on (data set, folder or file).", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the posterior samples and the fit.", DefaultValueFactory = _ => 1 };
        var force = CommandAction.ForceOption();
        var json = CommandAction.JsonOption();
        var fit = new Command("fit", $"Fit a Gaussian mixture to where the training voices' posteriors are and save it as {LatentPrior.FileName} in the model folder, with one per voice category ({CategoryPriors.FileName}); without --force, only the ones the folder lacks.")
        {
            model, data, seed, force, json,
        };
        CommandAction.Set(fit, context =>
        {
            var p = context.Parse;
            var folder = ModelArguments.Open(p.GetValue(model));
            var line = new ProgressLine(context.Error);
            var outcome = PriorFitting.Fit(folder, new PriorFitRequest(p.GetRequiredValue(data), p.GetValue(seed), p.GetValue(force)),
                new ImmediateProgress<(int Done, int Total)>(x => line.Report($"prior: reading {x.Done}/{x.Total} files")), context.Cancellation);
            line.Done();
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, outcome, CliJson.Default.PriorFitOutcome);
                return 0;
            }

            var table = new Table("Components", "train log-density", "validation log-density");
            foreach (var c in outcome.Selection?.Candidates ?? [])
            {
                table.Add(c.Components.ToString(CultureInfo.InvariantCulture), c.TrainLogDensity.ToString("0.000", CultureInfo.InvariantCulture),
                    c.ValidationLogDensity.ToString("0.000", CultureInfo.InvariantCulture));
            }

            table.WriteTo(context.Output);
            context.Error.WriteLine($"dx7: {outcome.Components}-component prior; wrote {string.Join(" and ", outcome.Written)}");
            return 0;
        });
        prior.Subcommands.Add(fit);
        return prior;
    }
}
