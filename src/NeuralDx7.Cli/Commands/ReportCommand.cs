using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application;
using NeuralDx7.Application.Reports;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;
using NeuralDx7.Model;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 report cart.syx --out cart.html</c>: a listening page for a cartridge.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A DX7 file (a cartridge, single voices, a MIDI file)." };
        var output = new Option<string?>("--out") { Description = "The HTML file to write (default: the file's name with .html)." };
        var notes = new Option<string>("--notes") { Description = "MIDI keys to play each voice at, e.g. 48,60,72 (default: 60, middle C).", DefaultValueFactory = _ => "60" };
        var title = new Option<string?>("--title") { Description = "The page's heading (default: the file's name)." };
        var model = ModelArguments.Model();
        var data = new Option<string?>("--data") { Description = "The data the model was trained on: shows each voice's nearest training voice." };
        var force = CommandAction.ForceOption();
        var command = new Command("report", "A listening page for a cartridge: each voice's sound, algorithm and envelopes, in one offline HTML file.")
        {
            file, output, notes, title, model, data, force,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            string path = p.GetRequiredValue(file);
            // Read once: a named pipe gives its bytes to one reader only.
            byte[] bytes = IO.BoundedFile.ReadAllBytes(path, Dx7Reader.MaxFileBytes, "a DX7 file; they are a few KB");
            var request = new ReportRequest(ParseNotes(p.GetRequiredValue(notes)), p.GetValue(title), p.GetValue(data), bytes);
            request.Validate();
            var read = Dx7Reader.Read(bytes, path, Validation.RepairPolicy.Reject);
            if (!read.HasVoices)
            {
                throw new InvalidDataException(read.Issues.Count > 0 ? read.Issues[0].ToString() : $"{path} holds no DX7 voices.");
            }

            // The model places the voices in its latent space; a cart can be shown without one.
            var folder = p.GetValue(model) is string named ? ModelFolder.Open(named) : TrainedModel.FindShipped() is string shipped ? ModelFolder.Open(shipped) : null;
            string html = p.GetValue(output) ?? Path.ChangeExtension(path, ".html");
            var line = new ProgressLine(context.Error);
            CartReport.Write(html, [.. read.Voices.Select(r => r.Voice)], request, folder, p.GetValue(force),
                new ImmediateProgress<(int Done, int Total)>(x => line.Report($"report: {x.Done}/{x.Total} voices")), context.Cancellation);
            line.Done();
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dx7: wrote {html} ({new FileInfo(html).Length / 1024.0:0} KB, {read.Voices.Count} voices)"));
            return 0;
        });
        return command;
    }

    private static List<int> ParseNotes(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int note) ? note
                : throw new InvalidRequestException("Notes", $"must be MIDI keys 0-127 separated by commas; '{t}' is not one."))];
}
