using System.CommandLine;
using NeuralDx7.Codec;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 convert &lt;input&gt; --out &lt;file&gt;</c>: write what was read, in another format or channel.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A DX7 file in any format the reader knows." };
        var output = new Option<string>("--out") { Description = "The file to write.", Required = true };
        var format = new Option<Dx7FileFormat?>("--format")
        {
            Description = "bulk (32-voice dumps), single (one message per voice) or smf (a MIDI file). Default: smf for .mid, else bulk.",
        };
        var channel = new Option<int?>("--channel") { Description = "MIDI channel 1-16 to write (default: the input's)." };
        var repair = CommandAction.RepairOption("keep", "keep (default): write values as read, reporting any out of range; clamp: bring them into range.");
        var force = CommandAction.ForceOption();
        var command = new Command("convert", "Convert DX7 voice data between bulk dumps, single-voice messages and MIDI files.")
        {
            input, output, format, channel, repair, force,
        };

        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            string outPath = p.GetRequiredValue(output);
            var result = Dx7File.Convert(
                p.GetRequiredValue(input),
                outPath,
                p.GetValue(format) ?? Dx7File.FormatFromExtension(outPath),
                p.GetValue(repair),
                p.GetValue(channel),
                p.GetValue(force));
            foreach (var issue in result.Issues.Where(i => i.Severity != IssueSeverity.Info))
            {
                context.Error.WriteLine(issue);
            }

            context.Error.WriteLine($"dx7: wrote {result.Voices.Count} voice(s) to {outPath}");
            return 0;
        });

        return command;
    }
}
