using System.CommandLine;
using System.Diagnostics;
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
            var clock = Stopwatch.StartNew();
            var progress = new ProgressLine(context.Error);
            var result = CorpusImporter.Import(
                p.GetRequiredValue(inputs),
                new ImportOptions(p.GetValue(repair), p.GetValue(validation), p.GetValue(test)),
                new ImmediateProgress<(int Done, int Total)>(x => progress.Report($"import: {x.Done}/{x.Total} files")),
                context.Cancellation);
            result.Dataset.Save(p.GetRequiredValue(output), p.GetValue(force));
            progress.Done();
            double seconds = clock.Elapsed.TotalSeconds;
            var s = result.Dataset.Summary;
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, new Imported(s.Files, s.FilesSkipped, s.Voices, s.Invalid, s.Repaired, s.Distinct, s.Train, s.Validation, s.Test,
                    Math.Round(seconds, 3), p.GetRequiredValue(output)), CliJson.Default.Imported);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Files} files ({s.FilesSkipped} without DX7 voices), {s.Voices} voices read, {s.Invalid} invalid, {s.Repaired} repaired"));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Distinct} distinct voices: {s.Train} train, {s.Validation} validation, {s.Test} test; {seconds:0.00} s -> {p.GetRequiredValue(output)}"));
            }

            return 0;
        });

        return command;
    }
}
