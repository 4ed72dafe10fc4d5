using NeuralDx7.Application.Live;
using NeuralDx7.Codec;
using NeuralDx7.Midi;
using NeuralDx7.Midi.Transports;
using NeuralDx7.Model.Generation;
using NeuralDx7.Tests.Model;

namespace NeuralDx7.Tests.Midi;

/// <summary>
/// Real-time tests run alone: JACK drops a cycle's events when its clients miss the deadline, and the training and
/// synth tests running beside them on two cores made that happen (a paced cart lost one 256-byte chunk).
/// </summary>
[CollectionDefinition(nameof(RealTime), DisableParallelization = true)]
public sealed class RealTime;

/// <summary>Our JACK transport against a real JACK server, and a client we did not write.</summary>
[Collection(nameof(RealTime))]
public class JackTests(TrainedTinyModel tiny) : IClassFixture<TrainedTinyModel>
{
    private static byte[] Rom1A => File.ReadAllBytes(SharedData.Rom("ROM1A"));

    [JackFact]
    public void A_voice_sent_through_our_JACK_output_arrives_byte_for_byte_at_jack_midi_dump()
    {
        var voice = Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices[0].Voice;
        byte[] message = Dx7Writer.SingleVoice(voice);
        string client = $"dump{Environment.ProcessId}a";
        var dump = JackServer.StartDump(client);
        using (var output = new JackTransport().OpenOutput($"{client}:input"))
        {
            SysexSender.Send(output, [message], SysexPacing.Immediate);
        }

        Assert.Equal(message, JackServer.StopDump(dump));
    }

    [JackFact]
    public void A_cart_arrives_whole_at_jack_midi_dump_in_chunks_and_at_our_own_input()
    {
        byte[] cart = Rom1A;
        string client = $"dump{Environment.ProcessId}b";
        var dump = JackServer.StartDump(client);
        using var receiver = JackTransport.CreateInput();
        using (var output = new JackTransport().OpenOutput($"{client}:input"))
        using (var second = new JackTransport().OpenOutput(receiver.Source))
        {
            SysexSender.Send(output, [cart], SysexPacing.Immediate);
            SysexSender.Send(second, [cart], SysexPacing.Immediate);
        }

        Assert.Equal(cart, JackServer.StopDump(dump)); // jack_midi_dump prints each chunk; joined, they are the dump
        Assert.True(receiver.TryReceive(out byte[] received, TimeSpan.FromSeconds(5)));
        Assert.Equal(cart, received);
        Assert.Equal(32, Dx7Reader.Read(received, "over JACK").Voices.Count);
    }

    [JackFact]
    public void Sending_at_MIDI_rate_paces_the_data_and_still_delivers_every_byte()
    {
        using var receiver = JackTransport.CreateInput();
        using (var output = new JackTransport().OpenOutput(receiver.Source))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            SysexSender.Send(output, [Rom1A], new SysexPacing(MidiRate: true));
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4104.0 / SysexPacing.BytesPerSecondAtMidiRate * 0.9));
        }

        Assert.True(receiver.TryReceive(out byte[] received, TimeSpan.FromSeconds(5)));
        Assert.Equal(Rom1A, received);
    }

    [JackFact]
    public void A_port_that_does_not_exist_is_an_error_listing_the_ports()
    {
        using var receiver = JackTransport.CreateInput();
        var error = Assert.Throws<MidiPortException>(() => new JackTransport().OpenOutput("no such synth"));
        Assert.Contains(receiver.Source, error.Message, StringComparison.Ordinal);
    }

    [JackFact]
    public void Control_changes_into_live_mode_produce_the_voice_the_model_gives_for_that_latent()
    {
        var generator = new VoiceGenerator(tiny.Model.Model);
        var statistics = LatentStatistics.Measure([.. generator.Encode(TinyModel.Train.Take(200).ToList()).Select(c => c.Latent)]);
        var mapping = new LiveMapping(statistics, [20, 21, 22, 23]);
        using var synth = JackTransport.CreateInput();
        using var controller = JackTransport.CreateOutput();
        var transport = new JackTransport();
        using var liveIn = transport.OpenInput(controller.Destination);
        using var liveOut = transport.OpenOutput(synth.Source);
        var session = new LiveSession(generator, mapping, liveIn, liveOut, new LiveOptions(TimeSpan.FromMilliseconds(30)));
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => session.Run(cancellation: stop.Token));

        // A burst of knob moves: only the last position of each knob matters.
        foreach (var (cc, value) in new[] { (20, 10), (20, 90), (21, 5), (22, 127), (21, 64), (23, 0) })
        {
            controller.Send(MessageAssembler.ControlChangeMessage(1, cc, value));
        }

        controller.Flush();
        // Up to 5 s for the first voice (a cold decoder compiles first), then until 300 ms pass without another.
        byte[] last = [];
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (synth.TryReceive(out byte[] message, TimeSpan.FromMilliseconds(300)))
            {
                last = message;
            }
            else if (last.Length > 0)
            {
                break;
            }
        }

        stop.Cancel();
        running.Wait();

        var expectedMapping = new LiveMapping(statistics, [20, 21, 22, 23]);
        foreach (var (cc, value) in new[] { (20, 90), (21, 64), (22, 127), (23, 0) })
        {
            expectedMapping.Apply(cc, value);
        }

        var expected = generator.Decode(expectedMapping.Latent, 0, new NeuralDx7.Nn.SeededRandom(1))[0];
        Assert.Equal(163, last.Length);
        Assert.Equal(expected, Dx7Reader.Read(last, "from live mode").Voices.Single().Voice);
        Assert.InRange(session.VoicesSent, 1, 6); // coalesced: not one voice per control change
    }
}
