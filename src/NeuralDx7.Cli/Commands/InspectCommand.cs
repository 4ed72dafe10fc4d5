using System.CommandLine;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 inspect &lt;file&gt;</c>: one row per voice.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A .syx, .mid or headerless bank file." };
        var json = CommandAction.JsonOption();
        var repair = CommandAction.RepairOption("reject", "reject (default): show out-of-range values as invalid; clamp: show the voices repaired.");
        var command = new Command("inspect", "List the voices of a DX7 file: index, name, algorithm, feedback, transpose, validity.")
        {
            file, json, repair,
        };

        CommandAction.Set(command, context =>
        {
            var result = Dx7Reader.ReadFile(context.Parse.GetRequiredValue(file), context.Parse.GetValue(repair));
            foreach (var issue in result.Issues.Where(i => i.Severity != IssueSeverity.Info))
            {
                context.Error.WriteLine(issue);
            }

            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, [.. result.Voices.Select(r => new InspectedVoice(
                    r.Index, r.Voice.Name, r.Voice.Algorithm, r.Voice.Feedback, r.Voice.Transpose, r.Voice.TransposeNote, r.Voice.Lfo.Wave.ToString(),
                    r.IsValid, r.Container.ToString(), r.Channel, [.. r.Violations.Select(v => v.ToString())], [.. r.Repairs.Select(x => x.ToString())]))],
                    CliJson.Default.IReadOnlyListInspectedVoice);
            }
            else
            {
                var table = new Table("Index", "Name", "Algorithm", "Feedback", "Transpose", "Valid");
                foreach (var record in result.Voices)
                {
                    var voice = record.Voice;
                    table.Add(
                        record.Index.ToString(CultureInfo.InvariantCulture),
                        voice.Name,
                        voice.Algorithm.ToString(CultureInfo.InvariantCulture),
                        voice.Feedback.ToString(CultureInfo.InvariantCulture),
                        voice.TransposeNote,
                        record.IsValid ? "yes" : "NO");
                }

                table.WriteTo(context.Output);
            }

            return result.HasVoices ? 0 : CommandAction.Failure;
        });

        return command;
    }
}
