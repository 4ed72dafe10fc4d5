using System.Text.Json;
using NeuralDx7.Codec;
using NeuralDx7.Midi.Transports;
using NeuralDx7.Tests.Cli;

namespace NeuralDx7.Tests.Midi;

/// <summary>dx7 midi and dx7 live as processes, against our own JACK ports standing in for a synth and a controller.</summary>
[Collection(nameof(RealTime))]
public sealed class MidiCommandTests
{
    [JackFact]
    public void Midi_ports_lists_a_synth_port_and_midi_send_delivers_a_cart_to_it()
    {
        using var synth = JackTransport.CreateInput();
        var ports = JsonDocument.Parse(Dx7Process.Run("midi", "ports", "--transport", "jack", "--json").Output).RootElement;
        Assert.Contains(ports.EnumerateArray(), p => p.GetProperty("name").GetString() == synth.Source && p.GetProperty("direction").GetString() == "destination");

        var send = Dx7Process.Run("midi", "send", SharedData.Rom("ROM1A"), "--port", synth.Source, "--transport", "jack");
        Assert.True(send.ExitCode == 0, Dx7Process.Describe(send));
        Assert.True(synth.TryReceive(out byte[] received, TimeSpan.FromSeconds(5)));
        Assert.Equal(File.ReadAllBytes(SharedData.Rom("ROM1A")), received);

        var unknown = Dx7Process.Run("midi", "send", SharedData.Rom("ROM1A"), "--port", "no such synth", "--transport", "jack");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains(synth.Source, unknown.Error, StringComparison.Ordinal); // the error lists the ports there are
    }

    [JackFact]
    public void Live_turns_knob_moves_into_voices_and_stops_on_ctrl_c_with_130()
    {
        using var synth = JackTransport.CreateInput();
        using var controller = JackTransport.CreateOutput();
        byte[]? voice = null;
        var run = Dx7Process.Run(["live", "--in", controller.Destination, "--out", synth.Source, "--transport", "jack", "--map", "20,21,22,23,24,25,26,27"],
            TimeSpan.FromSeconds(90), whileRunning: live =>
            {
                // Move a knob until live mode, once connected and its decoder compiled, answers with a voice.
                var deadline = DateTime.UtcNow.AddSeconds(45);
                for (int value = 0; voice is null && DateTime.UtcNow < deadline; value = (value + 17) % 128)
                {
                    controller.Send(NeuralDx7.Midi.MessageAssembler.ControlChangeMessage(1, 20, value));
                    controller.Flush();
                    if (synth.TryReceive(out byte[] message, TimeSpan.FromMilliseconds(300)))
                    {
                        voice = message;
                    }
                }

                Dx7Process.Signal(live, "INT");
                Assert.True(live.WaitForExit(Dx7Process.SignalLimit), "dx7 live kept running after Ctrl+C");
            });

        Assert.NotNull(voice);
        Assert.Equal(163, voice!.Length);
        Assert.True(Dx7Reader.Read(voice, "from dx7 live").Voices.Single().Voice.IsValid);
        Assert.Equal(130, run.ExitCode);
        Assert.Contains("dx7 live: stopped after", run.Error, StringComparison.Ordinal);
        Assert.Contains("sent '", run.Output, StringComparison.Ordinal);
    }
}
