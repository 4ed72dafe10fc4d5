using NeuralDx7.Application.Live;
using NeuralDx7.Codec;
using NeuralDx7.Midi;
using NeuralDx7.Midi.Transports;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Tests.Midi;

/// <summary>The logic every transport shares: port matching, chunking and pacing, assembling, the knob mapping.</summary>
public class MidiLogicTests
{
    private static readonly MidiPort[] Ports =
    [
        new("Dexed:midi_in", MidiDirection.Destination, "jack"),
        new("Dexed 2:midi_in", MidiDirection.Destination, "jack"),
        new("DX7 USB:MIDI 1", MidiDirection.Destination, "jack"),
        new("nanoKONTROL2:out", MidiDirection.Source, "jack"),
    ];

    [CorpusFact]
    public void Ports_match_exactly_then_ignoring_case_then_by_a_unique_part()
    {
        Assert.Equal("Dexed:midi_in", PortSelector.Select(Ports, "Dexed:midi_in", MidiDirection.Destination).Name);
        Assert.Equal("Dexed:midi_in", PortSelector.Select(Ports, "dexed:MIDI_IN", MidiDirection.Destination).Name);
        Assert.Equal("DX7 USB:MIDI 1", PortSelector.Select(Ports, "usb", MidiDirection.Destination).Name);
        Assert.Equal("nanoKONTROL2:out", PortSelector.Select(Ports, "nano", MidiDirection.Source).Name);
    }

    [CorpusFact]
    public void No_match_or_several_is_an_error_listing_the_candidates()
    {
        var several = Assert.Throws<MidiPortException>(() => PortSelector.Select(Ports, "Dexed", MidiDirection.Destination));
        Assert.Contains("matches 2", several.Message, StringComparison.Ordinal);
        Assert.Contains("Dexed 2:midi_in", several.Message, StringComparison.Ordinal);
        var none = Assert.Throws<MidiPortException>(() => PortSelector.Select(Ports, "Volca", MidiDirection.Destination));
        Assert.Contains("DX7 USB:MIDI 1", none.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nanoKONTROL2", none.Message, StringComparison.Ordinal); // only ports of the right direction
        Assert.Throws<MidiPortException>(() => PortSelector.Select([], "x", MidiDirection.Source));
    }

    [CorpusFact]
    public void Chunks_cover_a_message_exactly()
    {
        Assert.Equal([(0, 256), (256, 256), (512, 256), (768, 256), (1024, 256), (1280, 256), (1536, 256), (1792, 256),
            (2048, 256), (2304, 256), (2560, 256), (2816, 256), (3072, 256), (3328, 256), (3584, 256), (3840, 256), (4096, 8)],
            SysexSender.Chunks(4104, 256));
        Assert.Equal([(0, 163)], SysexSender.Chunks(163, 256));
        Assert.Empty(SysexSender.Chunks(0, 256));
    }

    [CorpusFact]
    public void Paced_sending_hands_over_chunks_with_progress_and_pauses_between_messages()
    {
        using var temp = new TempFolder();
        byte[] rom = File.ReadAllBytes(SharedData.Rom("ROM2A"));
        var reports = new List<(long, long)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var output = new FileTransport().OpenOutput(temp.File("sent.syx")))
        {
            SysexSender.Send(output, [rom, rom], new SysexPacing(TimeSpan.FromMilliseconds(200), MidiRate: true), new Recorder(reports));
        }

        // Two dumps at 3,125 bytes a second with a pause between: at least 2.6 s, and every byte written.
        Assert.True(clock.Elapsed.TotalSeconds >= (2 * 4104 / 3125.0) + 0.2 - 0.1);
        Assert.Equal([.. rom, .. rom], File.ReadAllBytes(temp.File("sent.syx")));
        Assert.Equal(34, reports.Count);
        Assert.Equal((8208L, 8208L), reports[^1]);
    }

    [CorpusFact]
    public void The_assembler_joins_sysex_chunks_and_passes_short_messages()
    {
        var assembler = new MessageAssembler();
        byte[] rom = File.ReadAllBytes(SharedData.Rom("ROM1A"));
        Assert.Empty(assembler.Add(rom.AsSpan(0, 1000)));
        Assert.Empty(assembler.Add(rom.AsSpan(1000, 3000)));
        var done = assembler.Add([.. rom.AsSpan(4000), 0xB0, 20, 99, 0xF8]);
        Assert.Equal(3, done.Count);
        Assert.Equal(rom, done[0]);
        Assert.Equal((1, 20, 99), MessageAssembler.ControlChange(done[1]));
        Assert.Equal([0xF8], done[2]);
        Assert.Empty(assembler.Add([0xF0, 1, 2, 0x90])); // a status byte cuts off an unterminated sysex: dropped
    }

    [CorpusFact]
    public void A_knob_value_maps_to_a_coordinate_and_back_within_one_step()
    {
        for (int value = 0; value <= 127; value++)
        {
            double coordinate = LiveMapping.ToCoordinate(value);
            Assert.Equal(value, LiveMapping.ToValue(coordinate));
        }

        Assert.Equal(0, LiveMapping.ToCoordinate(63) + LiveMapping.ToCoordinate(64), 9); // symmetric about the middle
        Assert.Equal(StandardNormal.Quantile(0.5 / 128), LiveMapping.ToCoordinate(0), 12);
        Assert.Equal(-2.6601, LiveMapping.ToCoordinate(0), 3);
        Assert.Equal(0.975, StandardNormal.Cdf(1.959963985), 9);
    }

    [CorpusFact]
    public void Knobs_move_along_principal_axes_and_the_inverse_puts_them_back_within_one_step()
    {
        var random = new NeuralDx7.Nn.SeededRandom(4);
        var latents = Enumerable.Range(0, 500).Select(_ =>
        {
            double a = random.NextNormal() * 3, b = random.NextNormal() * 0.5;
            return new float[] { (float)(a + 1), (float)(a - b + (random.NextNormal() * 0.3)), (float)(random.NextNormal() * 0.1), (float)b };
        }).ToList();
        var statistics = LatentStatistics.Measure(latents);
        Assert.True(statistics.Deviations[0] > statistics.Deviations[1] && statistics.Deviations[1] > statistics.Deviations[3]);

        var mapping = new LiveMapping(statistics);
        int[] controllers = [74, 71, 91, 93];
        int[] values = [0, 127, 40, 99];
        for (int i = 0; i < 4; i++)
        {
            Assert.True(mapping.Apply(controllers[i], values[i]));
        }

        Assert.Equal(controllers, mapping.Controllers); // learnt in the order they first arrived
        Assert.False(mapping.Apply(1, 64)); // a fifth controller on a four-dimensional latent is ignored
        var knobs = mapping.KnobsFor(mapping.Latent);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(controllers[i], knobs[i].Controller);
            Assert.InRange(knobs[i].Value, values[i] - 1, values[i] + 1);
        }

        Assert.Throws<ArgumentException>(() => new LiveMapping(statistics, [1, 1]));
    }

    [CorpusFact]
    public void The_file_transport_writes_syx_and_MIDI_files_and_never_overwrites_unasked()
    {
        using var temp = new TempFolder();
        byte[] rom = File.ReadAllBytes(SharedData.Rom("ROM1B"));
        using (var output = new FileTransport().OpenOutput(temp.File("dry.mid")))
        {
            SysexSender.Send(output, [rom], SysexPacing.Immediate);
        }

        Assert.Equal(Dx7Reader.Read(rom, "rom").Voices.Select(v => v.Voice), Dx7Reader.ReadFile(temp.File("dry.mid")).Voices.Select(v => v.Voice));
        Assert.Throws<NeuralDx7.IO.FileExistsException>(() => new FileTransport().OpenOutput(temp.File("dry.mid")));
        new FileTransport(overwrite: true).OpenOutput(temp.File("dry.mid")).Dispose();
    }

    private sealed class Recorder(List<(long, long)> reports) : IProgress<(long Sent, long Total)>
    {
        public void Report((long Sent, long Total) value) => reports.Add(value);
    }
}
