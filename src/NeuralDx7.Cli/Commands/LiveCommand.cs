using System.CommandLine;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;
using NeuralDx7.Midi;
using NeuralDx7.Midi.Live;
using NeuralDx7.Model;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 live --in &lt;controller&gt; --out &lt;synth&gt;</c>: knobs move through latent space, the synth follows.</summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "The controller's port (its knobs send CCs).", Required = true };
        var output = new Option<string>("--out") { Description = "The synth's port (receives single-voice messages).", Required = true };
        var transport = MidiCommand.Transport();
        var model = ModelArguments.Model();
        var statistics = new Option<string?>("--statistics") { Description = "Latent statistics (JSON from Measure-Dx7Latent or features.ps1); default: the model's own." };
        var map = new Option<string?>("--map") { Description = "CC numbers for the latent dimensions, e.g. 74,71,91,93,73,72,5,84 (default: the first 8 distinct CCs received)." };
        var interval = new Option<int>("--interval-ms") { Description = "At most one voice per this many milliseconds; bursts coalesce.", DefaultValueFactory = _ => 40 };
        var channel = new Option<int>("--channel") { Description = "MIDI channel 1-16 of the voices sent.", DefaultValueFactory = _ => 1 };
        var temperature = ModelArguments.Temperature(0);
        var knobsFrom = new Option<string?>("--knobs-from") { Description = "First send the CC values that put the knobs where this voice (file:index) is, back to the controller." };
        var knobsPort = new Option<string?>("--knobs-out") { Description = "Port to send those CC values to (the controller's input)." };
        var command = new Command("live", "Play the model: controller knobs move through latent space and the synth follows. Ctrl+C stops.")
        {
            input, output, transport, model, statistics, map, interval, channel, temperature, knobsFrom, knobsPort,
        };

        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            string? folder = p.GetValue(model) ?? TrainedModel.FindShipped();
            var trained = ModelArguments.Load(folder);
            var generator = new VoiceGenerator(trained.Model);
            string statisticsPath = p.GetValue(statistics) ?? Path.Combine(folder!, LatentStatisticsFile.Name);
            var mapping = new LiveMapping(LatentStatistics.Load(statisticsPath), ParseMap(p.GetValue(map)));
            var midi = MidiTransports.Get(p.GetValue(transport));
            using var synth = midi.OpenOutput(p.GetRequiredValue(output));
            if (p.GetValue(knobsFrom) is string reference)
            {
                string knobs = p.GetValue(knobsPort) ?? throw new ArgumentException("--knobs-from needs --knobs-out, the controller's input port.");
                using var controllerOut = midi.OpenOutput(knobs);
                var values = LiveSession.SendKnobs(generator, mapping, VoiceReference.Parse(reference).Resolve(), controllerOut, p.GetValue(channel));
                context.Error.WriteLine("dx7 live: knobs set to " + string.Join(", ", values.Select(v => $"CC{v.Controller}={v.Value}")));
            }

            using var controller = midi.OpenInput(p.GetRequiredValue(input));
            var session = new LiveSession(generator, mapping, controller, synth,
                new LiveOptions(TimeSpan.FromMilliseconds(Math.Max(1, p.GetValue(interval))), p.GetValue(temperature), p.GetValue(channel)));
            context.Error.WriteLine($"dx7 live: {controller.Source} -> {synth.Destination}; turn knobs (Ctrl+C stops).");
            session.Run(new ImmediateProgress<LiveEvent>(e => context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Time:HH:mm:ss.fff} {e.What}  [{string.Join(' ', session.Mapping.Coordinates.Select(c => c.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)))}]"))),
                context.Cancellation);
            context.Error.WriteLine($"dx7 live: stopped after {session.VoicesSent} voice(s).");
            return 0;
        });
        return command;
    }

    private static int[]? ParseMap(string? text) => text is null ? null
        : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture))];
}
