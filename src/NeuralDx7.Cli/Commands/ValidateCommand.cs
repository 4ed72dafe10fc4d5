using System.CommandLine;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;

namespace NeuralDx7.Cli.Commands;

/// <summary>
/// <c>dx7 validate &lt;files...&gt;</c>: exit 0 when every voice is valid, 1 when some voice or message is
/// not, 2 when a file cannot be read as DX7 data.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "DX7 files to check.", Arity = ArgumentArity.OneOrMore };
        var json = CommandAction.JsonOption();
        var verbose = new Option<bool>("--verbose") { Description = "Also list skipped messages and stray bytes." };
        var command = new Command("validate", "Check DX7 files: ranges, checksums, truncation. Exit 0 valid, 1 invalid, 2 unreadable.")
        {
            files, json, verbose,
        };

        CommandAction.Set(command, context =>
        {
            var worst = ValidationOutcome.Valid;
            var results = new List<(Dx7ReadResult Result, ValidationOutcome Outcome)>();
            foreach (string path in context.Parse.GetRequiredValue(files))
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var result = Dx7Reader.ReadFile(path);
                var outcome = Dx7File.Outcome(result);
                worst = (ValidationOutcome)Math.Max((int)worst, (int)outcome);
                results.Add((result, outcome));
                foreach (var issue in result.Issues.Where(i => i.Severity != IssueSeverity.Info || context.Parse.GetValue(verbose)))
                {
                    context.Error.WriteLine(issue);
                }
            }

            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, new ValidationReport(worst.ToString().ToLowerInvariant(), [.. results.Select(x => new ValidatedFile(
                    x.Result.Source, x.Outcome.ToString().ToLowerInvariant(), x.Result.Voices.Count, x.Result.Voices.Count(v => !v.IsValid),
                    [.. x.Result.Issues.Select(ReportedIssue.Of)]))]), CliJson.Default.ValidationReport);
            }
            else
            {
                foreach (var (result, outcome) in results)
                {
                    int invalid = result.Voices.Count(v => !v.IsValid);
                    context.Output.WriteLine(outcome switch
                    {
                        ValidationOutcome.Valid => $"{result.Source}: {result.Voices.Count} voices, valid",
                        ValidationOutcome.Invalid => $"{result.Source}: {result.Voices.Count} voices, {invalid} invalid, {result.Issues.Count(i => i.Severity == IssueSeverity.Error)} error(s)",
                        _ => $"{result.Source}: not readable as DX7 data",
                    });
                }
            }

            return (int)worst;
        });

        return command;
    }
}
