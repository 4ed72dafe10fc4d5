using NeuralDx7.Codec;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.Tests.Core;

public class CodecTests
{
    [CorpusTheory]
    [MemberData(nameof(SharedData.Roms), MemberType = typeof(SharedData))]
    public void Factory_ROMs_round_trip_byte_for_byte(string rom)
    {
        byte[] original = File.ReadAllBytes(SharedData.Rom(rom));
        var result = Dx7Reader.Read(original, rom);

        Assert.All(result.Issues, i => Assert.Equal(IssueKind.OutOfRange, i.Kind));
        Assert.Equal(32, result.Voices.Count);
        byte[] written = Dx7Writer.Encode(result.Voices.Select(v => v.Voice).ToList(), Dx7FileFormat.Bulk, result.Channel);
        Assert.Equal(original, written);
    }

    [CorpusFact]
    public void ROM1A_voice_1_is_BRASS_1_on_algorithm_22()
    {
        var voice = Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices[0].Voice;
        Assert.Equal("BRASS   1", voice.Name);
        Assert.Equal(22, voice.Algorithm);
        Assert.Equal(7, voice.Feedback);
        Assert.Equal("C3", voice.TransposeNote);
    }

    [CorpusFact]
    public void The_few_out_of_range_values_of_the_factory_ROMs_are_reported_and_kept()
    {
        // Yamaha's own banks break the data sheet's ranges in four places; a DX7 plays them anyway.
        var found = SharedData.RomNames
            .SelectMany(rom => Dx7Reader.ReadFile(SharedData.Rom(rom)).Issues.Select(i => $"{rom} {i.VoiceIndex} {i.Parameter} {i.Message}"))
            .ToList();
        Assert.Equal(
            [
                "ROM3A 19 OP2 EG Level 3 127 is outside 0-99",
                "ROM3B 1 OP6 EG Rate 1 127 is outside 0-99",
                "ROM3B 14 OP1 Frequency Fine 100 is outside 0-99",
                "ROM4A 7 OP5 EG Level 4 127 is outside 0-99",
            ],
            found);
        Assert.Equal(127, Dx7Reader.ReadFile(SharedData.Rom("ROM3A")).Voices[19].Voice.Operator(2).Envelope.Level3);
    }

    [CorpusFact]
    public void A_voice_that_cannot_be_packed_is_refused_by_name()
    {
        var voice = Dx7Voice.Init.With(Dx7Parameters.OperatorOffset(1) + Dx7Parameters.OpLeftCurve, 5);
        var error = Assert.Throws<InvalidVoiceException>(() => Dx7Writer.Encode([Dx7Voice.Init, voice], Dx7FileFormat.Bulk));
        Assert.Equal(1, error.VoiceIndex);
        Assert.Contains("OP1 Left Curve = 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(voice, Dx7Reader.Read(Dx7Writer.SingleVoice(voice), "s").Voices.Single().Voice); // VCED holds it
    }

    [CorpusFact]
    public void ROM3_keeps_the_unused_bits_its_bank_was_dumped_with()
    {
        var voices = Dx7Reader.ReadFile(SharedData.Rom("ROM3A")).Voices;
        Assert.Contains(voices, v => v.Voice.HasUnusedPackedBits);
        Assert.DoesNotContain(Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices, v => v.Voice.HasUnusedPackedBits);
    }

    [CorpusTheory]
    [MemberData(nameof(SharedData.Roms), MemberType = typeof(SharedData))]
    public void The_ROMs_as_MIDI_files_hold_the_same_voices(string rom)
    {
        var fromSyx = Dx7Reader.ReadFile(SharedData.Rom(rom)).Voices.Select(v => v.Voice);
        var fromMidi = Dx7Reader.ReadFile(SharedData.RomMidi(rom));
        Assert.Equal(fromSyx, fromMidi.Voices.Select(v => v.Voice));
        Assert.Contains(fromMidi.Issues, i => i.Kind == IssueKind.SkippedMessage && i.Message.Contains("parameter change", StringComparison.Ordinal));
    }

    [CorpusFact]
    public void A_written_MIDI_file_reads_back_to_the_same_voices()
    {
        var voices = Dx7Reader.ReadFile(SharedData.Rom("ROM2A")).Voices.Select(v => v.Voice).ToList();
        var more = Dx7Reader.ReadFile(SharedData.Rom("ROM2B")).Voices.Select(v => v.Voice);
        var all = voices.Concat(more).Take(40).ToList(); // two bulk dumps, the second padded
        byte[] smf = Dx7Writer.Encode(all, Dx7FileFormat.Smf, channel: 5);

        var read = Dx7Reader.Read(smf, "written.mid");
        Assert.True(read.IsClean, string.Join("\n", read.Issues));
        Assert.Equal(64, read.Voices.Count);
        Assert.Equal(all, read.Voices.Take(40).Select(v => v.Voice));
        Assert.All(read.Voices.Skip(40), v => Assert.Equal(Dx7Voice.Init, v.Voice));
        Assert.All(read.Voices, v => Assert.Equal(5, v.Channel));
    }

    [CorpusFact]
    public void Single_voice_messages_round_trip_every_factory_voice()
    {
        foreach (var rom in SharedData.RomNames)
        {
            foreach (var record in Dx7Reader.ReadFile(SharedData.Rom(rom)).Voices)
            {
                byte[] message = Dx7Writer.SingleVoice(record.Voice, channel: 16);
                Assert.Equal(163, message.Length);
                Assert.Equal(0x0F, message[2]);
                var read = Dx7Reader.Read(message, "single.syx");
                Assert.DoesNotContain(read.Issues, i => i.Kind != IssueKind.OutOfRange);
                Assert.Equal(VoiceContainer.SingleVoice, read.Voices.Single().Container);
                Assert.Equal(record.Voice, read.Voices.Single().Voice);
            }
        }
    }

    [CorpusFact]
    public void A_headerless_bank_and_back_to_back_messages_are_read()
    {
        byte[] a = File.ReadAllBytes(SharedData.Rom("ROM1A"));
        byte[] b = File.ReadAllBytes(SharedData.Rom("ROM1B"));
        var expectedA = Dx7Reader.Read(a, "a").Voices.Select(v => v.Voice).ToList();

        var headerless = Dx7Reader.Read(a.AsSpan(6, 4096), "bank.bin");
        Assert.Equal(expectedA, headerless.Voices.Select(v => v.Voice));
        Assert.All(headerless.Voices, v => Assert.Equal(VoiceContainer.HeaderlessBank, v.Container));

        byte[] single = Dx7Writer.SingleVoice(expectedA[3]);
        var both = Dx7Reader.Read([.. a, .. single, .. b], "both.syx");
        Assert.True(both.IsClean);
        Assert.Equal(65, both.Voices.Count);
        Assert.Equal(expectedA[3], both.Voices[32].Voice);
        Assert.Equal(4104 + 163, both.Voices[33].MessageOffset);
    }

    [CorpusFact]
    public void Other_sysex_is_skipped_with_a_reason()
    {
        // The TX802 blank voices file holds DX7II supplement banks beside its voices.
        var tx802 = Dx7Reader.ReadFile(Path.Combine(SharedData.Corpus, "Original Yamaha", "TX802", "TX802_Blank_Voices.syx"));
        Assert.True(tx802.HasVoices);
        Assert.Contains(tx802.Issues, i => i.Kind == IssueKind.SkippedMessage && i.Message.Contains("AMEM", StringComparison.Ordinal));

        byte[] roland = [0xF0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7F, 0x00, 0x41, 0xF7];
        var result = Dx7Reader.Read([.. roland, .. File.ReadAllBytes(SharedData.Rom("ROM1A"))], "mixed.syx");
        Assert.Equal(32, result.Voices.Count);
        Assert.Equal(1, result.SkippedMessages);
        var skipped = Assert.Single(result.Issues, i => i.Kind == IssueKind.SkippedMessage);
        Assert.Contains("manufacturer ID 0x41", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(0, skipped.Offset);
    }

    [CorpusFact]
    public void A_checksum_mismatch_names_the_file_and_offset_and_keeps_the_voices()
    {
        byte[] bytes = [.. File.ReadAllBytes(SharedData.Rom("ROM1B")), .. File.ReadAllBytes(SharedData.Rom("ROM1A"))];
        bytes[4104 + 6 + 200] ^= 0x01; // inside the second dump, still 7-bit
        var result = Dx7Reader.Read(bytes, "bad-sum.syx");

        var issue = Assert.Single(result.Issues, i => i.Kind == IssueKind.ChecksumMismatch);
        Assert.Equal(4104, issue.Offset);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.StartsWith("bad-sum.syx: offset 4104", issue.ToString(), StringComparison.Ordinal);
        Assert.Equal(64, result.Voices.Count);
        Assert.Equal(ValidationOutcome.Invalid, Dx7File.Outcome(result));
    }

    [CorpusFact]
    public void Out_of_range_values_are_rejected_or_clamped_with_file_voice_and_parameter()
    {
        byte[] bytes = File.ReadAllBytes(SharedData.Rom("ROM1A"));
        int op2OutputLevel = 6 + (3 * 128) + (4 * 17) + 14; // voice 3, OP2 is the fifth packed operator
        bytes[op2OutputLevel] = 120;

        var rejected = Dx7Reader.Read(bytes, "loud.syx", RepairPolicy.Reject);
        var violation = Assert.Single(rejected.Voices[3].Violations);
        Assert.Equal("OP2 Output Level", violation.Parameter.Name);
        Assert.Equal(120, violation.Value);
        var issue = Assert.Single(rejected.Issues, i => i.Kind == IssueKind.OutOfRange);
        Assert.Equal("loud.syx: offset 0 (0x0): voice 3: OP2 Output Level: 120 is outside 0-99", issue.ToString());
        Assert.False(rejected.Voices[3].IsValid);

        var clamped = Dx7Reader.Read(bytes, "loud.syx", RepairPolicy.Clamp);
        var repair = Assert.Single(clamped.Voices[3].Repairs);
        Assert.Equal((120, 99), (repair.From, repair.To));
        Assert.Equal(99, clamped.Voices[3].Voice.Operator(2).OutputLevel);
        Assert.True(clamped.Voices[3].IsValid);
        Assert.Contains(clamped.Issues, i => i.Kind == IssueKind.Repaired && i.VoiceIndex == 3 && i.Parameter == "OP2 Output Level");
    }

    [CorpusFact]
    public void The_init_voice_is_the_one_real_DX7s_dump()
    {
        // The corpus holds hundreds of untouched INIT VOICE slots; the most common is the hardware's own.
        var inits = Directory.EnumerateFiles(SharedData.Corpus, "*.syx", SearchOption.AllDirectories)
            .SelectMany(f => Dx7Reader.ReadFile(f).Voices)
            .Where(v => v.Voice.Name == "INIT VOICE")
            .GroupBy(v => v.Voice)
            .OrderByDescending(g => g.Count())
            .First();
        Assert.Equal(Dx7Voice.Init, inits.Key);
        Assert.True(Dx7Voice.Init.IsValid);
    }

    [CorpusFact]
    public void Typed_views_read_the_right_parameters()
    {
        var epiano = Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices.Single(v => v.Voice.Name == "E.PIANO 1").Voice;
        Assert.Equal(5, epiano.Algorithm);
        var op1 = epiano.Operator(1);
        Assert.Equal(1, op1.Number);
        Assert.Equal(epiano[Dx7Parameters.OperatorOffset(1) + Dx7Parameters.OpOutputLevel], op1.OutputLevel);
        Assert.Equal(epiano[Dx7Parameters.OperatorOffset(6) + Dx7Parameters.OpEgRate1], epiano.Operator(6).Envelope.Rate1);
        Assert.Equal(6, epiano.Operators.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6], epiano.Operators.Select(o => o.Number));
    }
}
