using System.CommandLine;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;
using NeuralDx7.Midi;
using NeuralDx7.Voice;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 midi ports</c> and <c>dx7 midi send</c>.</summary>
internal static class MidiCommand
{
    public static Option<string?> Transport() => new("--transport")
    {
        Description = "jack, alsa, winmm, coremidi or file (default: this system's: JACK when a server runs, else ALSA; WinMM; CoreMIDI).",
    };

    public static Command Create()
    {
        var midi = new Command("midi", "List MIDI ports and send voices and cartridges to synths.");
        midi.Subcommands.Add(Ports());
        midi.Subcommands.Add(Send());
        return midi;
    }

    private static Command Ports()
    {
        var transport = Transport();
        var json = CommandAction.JsonOption();
        var command = new Command("ports", "List the MIDI ports to send to (synths) and receive from (controllers).") { transport, json };
        CommandAction.Set(command, context =>
        {
            var midi = MidiTransports.Get(context.Parse.GetValue(transport));
            var ports = midi.ListPorts();
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, [.. ports.Select(port => new ListedPort(port.Name,
                    port.Direction == MidiDirection.Destination ? "destination" : "source", port.Transport))], CliJson.Default.IReadOnlyListListedPort);
            }
            else
            {
                var table = new Table("Direction", "Port");
                foreach (var port in ports)
                {
                    table.Add(port.Direction == MidiDirection.Destination ? "send to" : "receive from", port.Name);
                }

                table.WriteTo(context.Output);
            }

            return 0;
        });
        return command;
    }

    private static Command Send()
    {
        var input = new Argument<string>("input") { Description = "A DX7 file, or file:index for one voice." };
        var port = new Option<string>("--port") { Description = "The port to send to: its exact name, or a part that matches one port.", Required = true };
        var transport = Transport();
        var single = new Option<bool>("--single") { Description = "Send each voice as a single-voice message (edit buffer) instead of 32-voice bulk dumps." };
        var channel = new Option<int>("--channel") { Description = "MIDI channel 1-16.", DefaultValueFactory = _ => 1 };
        var delay = new Option<int>("--delay-ms") { Description = "Pause after each message (a hardware DX7 needs ~100 ms to store a bulk dump).", DefaultValueFactory = _ => 0 };
        var midiRate = new Option<bool>("--midi-rate") { Description = "Pace data to MIDI's 31,250 baud, for hardware synths and interfaces that drop fast sysex." };
        var force = CommandAction.ForceOption();
        var command = new Command("send", "Send a cartridge (bulk dump) or voices (single-voice messages) to a synth.") { input, port, transport, single, channel, delay, midiRate, force };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            string source = p.GetRequiredValue(input);
            var (voices, oneVoice) = VoiceReference.ReadVoices(source);
            int ch = p.GetValue(channel);
            var messages = p.GetValue(single) || oneVoice
                ? voices.Select(v => Dx7Writer.SingleVoice(v, ch)).ToList()
                : Dx7Cartridge.Split(voices).Select(c => Dx7Writer.BulkDump(c, ch)).ToList();
            var midi = MidiTransports.Get(p.GetValue(transport), p.GetValue(force));
            using var output = midi.OpenOutput(p.GetRequiredValue(port));
            var line = new ProgressLine(context.Error, TimeSpan.FromSeconds(5));
            SysexSender.Send(output, messages, new SysexPacing(TimeSpan.FromMilliseconds(p.GetValue(delay)), p.GetValue(midiRate)),
                new ImmediateProgress<(long Sent, long Total)>(x => line.Report($"midi: {x.Sent}/{x.Total} bytes")), context.Cancellation);
            line.Done();
            context.Error.WriteLine($"dx7: sent {messages.Count} message(s), {messages.Sum(m => m.Length)} bytes, to {output.Destination}");
            return 0;
        });
        return command;
    }
}
