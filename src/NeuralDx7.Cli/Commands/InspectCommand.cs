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
                Json.Write(context.Output, w =>
                {
                    w.WriteStartArray();
                    foreach (var record in result.Voices)
                    {
                        var voice = record.Voice;
                        w.WriteStartObject();
                        w.WriteNumber("index", record.Index);
                        w.WriteString("name", voice.Name);
                        w.WriteNumber("algorithm", voice.Algorithm);
                        w.WriteNumber("feedback", voice.Feedback);
                        w.WriteNumber("transpose", voice.Transpose);
                        w.WriteString("transposeNote", voice.TransposeNote);
                        w.WriteString("lfoWave", voice.Lfo.Wave.ToString());
                        w.WriteBoolean("valid", record.IsValid);
                        w.WriteString("container", record.Container.ToString());
                        w.WriteNumber("channel", record.Channel);
                        w.WriteStartArray("violations");
                        record.Violations.ToList().ForEach(v => w.WriteStringValue(v.ToString()));
                        w.WriteEndArray();
                        w.WriteStartArray("repairs");
                        record.Repairs.ToList().ForEach(r => w.WriteStringValue(r.ToString()));
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
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
