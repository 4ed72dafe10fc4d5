using System.CommandLine;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Corpus;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 import &lt;folders or files...&gt; --out &lt;data set&gt;</c>: a clean, deduplicated, split data set.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Folders (read recursively) and files of cartridges.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The data set file to write.", Required = true };
        var repair = CommandAction.RepairOption("reject", "reject (default): leave out voices with out-of-range values; clamp: fix them and keep them.");
        var validation = new Option<int>("--validation-percent")
        {
            Description = "Share of cartridges held out for validation, for choosing a recipe (no sound is in two parts).",
            DefaultValueFactory = _ => 10,
        };
        var test = new Option<int>("--test-percent")
        {
            Description = "Share of cartridges held out for the test split, for reporting only.",
            DefaultValueFactory = _ => 10,
        };
        var json = CommandAction.JsonOption();
        var force = CommandAction.ForceOption();
        var command = new Command("import", "Import a corpus of cartridges into a deduplicated data set, split by cartridge into train, validation and test.")
        {
            inputs, output, repair, validation, test, json, force,
        };

        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var progress = new ProgressLine(context.Error);
            var (saved, _) = CorpusImporter.ImportTo(p.GetRequiredValue(output), p.GetValue(force), p.GetRequiredValue(inputs),
                new ImportOptions(p.GetValue(repair), p.GetValue(validation), p.GetValue(test)),
                new ImmediateProgress<(int Done, int Total)>(x => progress.Report($"import: {x.Done}/{x.Total} files")),
                context.Cancellation);
            progress.Done();
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, saved, CliJson.Default.ImportedDataset);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{saved.Files} files ({saved.FilesSkipped} without DX7 voices), {saved.Voices} voices read, {saved.Invalid} invalid, {saved.Repaired} repaired"));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{saved.Distinct} distinct voices: {saved.Train} train, {saved.Validation} validation, {saved.Test} test; {saved.Seconds:0.00} s -> {saved.Path}"));
            }

            return 0;
        });

        return command;
    }
}
