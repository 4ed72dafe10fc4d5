using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Live;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 live --in &lt;controller&gt; --out &lt;synth&gt;</c>: knobs move through latent space, the synth follows.</summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var defaults = new LiveRequest("", "");
        var input = new Option<string>("--input-port", "--in") { Description = "The controller's port (its knobs send CCs).", Required = true };
        var output = new Option<string>("--output-port", "--out") { Description = "The synth's port (receives single-voice messages).", Required = true };
        var transport = MidiCommand.Transport();
        var model = ModelArguments.Model();
        var statistics = new Option<string?>("--statistics-path", "--statistics") { Description = "Latent statistics (JSON from Measure-Dx7Latent or features.ps1); default: the model's own." };
        var map = new Option<string?>("--controller-map", "--map") { Description = "CC numbers for the latent dimensions, e.g. 74,71,91,93,73,72,5,84 (default: the first 8 distinct CCs received)." };
        var interval = new Option<int>("--interval-ms") { Description = "At most one voice per this many milliseconds (1-10000); bursts coalesce.", DefaultValueFactory = _ => defaults.IntervalMs };
        var channel = new Option<int>("--channel") { Description = "MIDI channel 1-16 of the voices sent.", DefaultValueFactory = _ => defaults.Channel };
        var temperature = ModelArguments.Temperature(LiveRequest.DefaultTemperature);
        var knobsFrom = new Option<string?>("--from-voice", "--knobs-from") { Description = "First send the CC values that put the knobs where this voice (file:index) is, back to the controller." };
        var knobsPort = new Option<string?>("--knob-port", "--knobs-out") { Description = "Port to send those CC values to (the controller's input)." };
        var command = new Command("live", "Play the model: controller knobs move through latent space and the synth follows. Ctrl+C stops.")
        {
            input, output, transport, model, statistics, map, interval, channel, temperature, knobsFrom, knobsPort,
        };

        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var request = new LiveRequest(p.GetRequiredValue(input), p.GetRequiredValue(output), p.GetValue(transport), p.GetValue(statistics),
                p.GetValue(map) is string text ? LiveRequest.ParseControllerMap(text) : null, p.GetValue(interval), p.GetValue(channel), p.GetValue(temperature),
                p.GetValue(knobsFrom) is string reference ? VoiceReference.Parse(reference).Resolve() : null, p.GetValue(knobsPort));
            request.Validate();
            int sent = LiveMode.Run(ModelArguments.Open(p.GetValue(model)), request,
                start =>
                {
                    if (start.Knobs.Count > 0)
                    {
                        context.Error.WriteLine("dx7 live: knobs set to " + string.Join(", ", start.Knobs.Select(v => $"CC{v.Controller}={v.Value}")));
                    }

                    context.Error.WriteLine($"dx7 live: {start.Source} -> {start.Destination}; turn knobs (Ctrl+C stops).");
                },
                new ImmediateProgress<LiveEvent>(e => context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Time:HH:mm:ss.fff} {e.What}  [{string.Join(' ', e.Coordinates.Select(c => c.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)))}]"))),
                context.Cancellation);
            context.Error.WriteLine($"dx7 live: stopped after {sent} voice(s).");
            context.Cancellation.ThrowIfCancellationRequested(); // Ctrl+C or SIGTERM ended it: exit as every command does then
            return 0;
        });
        return command;
    }
}
