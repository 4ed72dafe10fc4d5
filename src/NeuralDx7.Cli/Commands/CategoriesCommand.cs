using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application;
using NeuralDx7.Application.Generation;
using NeuralDx7.Cli.Output;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 categories</c>: the kinds of voice cart new --category draws, with the model's voices of each, and a collection's counts.</summary>
internal static class CategoriesCommand
{
    public static Command Create()
    {
        var model = ModelArguments.Model();
        var data = new Option<string?>("--data") { Description = "A collection (data set, folder or file) to count voices by category in, with how many of its names say one." };
        var json = CommandAction.JsonOption();
        var command = new Command("categories", "The voice categories (bass, brass, ...): how many training voices the model has of each, and which it can draw.")
        {
            model, data, json,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var folder = ModelFolder.Open(p.GetValue(model));
            var line = new ProgressLine(context.Error);
            var census = CategoryCensus.Take(folder, p.GetValue(data),
                new ImmediateProgress<(int Done, int Total)>(x => line.Report($"categories: reading {x.Done}/{x.Total} files")), context.Cancellation);
            line.Done();
            if (census.DrawnBy is { } drawnBy)
            {
                context.Error.WriteLine($"dx7: carts of a kind are drawn by {drawnBy.Name} ({drawnBy.Path})");
            }

            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, new CategoryList([.. census.Categories.Select(c => new ListedCategory(c.Name, c.Voices, c.TrainingVoices, c.CanGenerate))],
                    census.Voices, census.Labelled, census.Coverage), CliJson.Default.CategoryList);
                return 0;
            }

            var table = census.Voices is null ? new Table("Category", "Training voices", "Can draw") : new Table("Category", "Training voices", "Can draw", "Voices in data");
            foreach (var c in census.Categories)
            {
                var cells = new List<string> { c.Name, c.TrainingVoices?.ToString(CultureInfo.InvariantCulture) ?? "-", c.CanGenerate ? "yes" : "no" };
                if (census.Voices is not null)
                {
                    cells.Add(c.Voices!.Value.ToString(CultureInfo.InvariantCulture));
                }

                table.Add([.. cells]);
            }

            table.WriteTo(context.Output);
            if (census.Coverage is double coverage)
            {
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"dx7: {census.Labelled} of {census.Voices} distinct voices ({coverage:P1}) have names that say their category"));
            }

            return 0;
        });
        return command;
    }
}
