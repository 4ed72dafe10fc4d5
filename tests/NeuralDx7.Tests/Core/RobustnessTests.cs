using NeuralDx7.Codec;
using NeuralDx7.Corpus;
using NeuralDx7.Validation;

namespace NeuralDx7.Tests.Core;

/// <summary>Nothing a file contains may crash the reader, hang it, or make it allocate beyond the file's size.</summary>
public class RobustnessTests
{
    [CorpusFact]
    public void Truncation_at_every_length_of_a_bulk_dump_reads_the_complete_voices_and_says_what_was_lost()
    {
        byte[] rom = File.ReadAllBytes(SharedData.Rom("ROM1A"));
        var full = Dx7Reader.Read(rom, "rom").Voices;
        for (int n = 0; n <= rom.Length; n++)
        {
            var result = Dx7Reader.Read(rom.AsSpan(0, n), "cut.syx");
            int complete = Math.Clamp((n - 6) / 128, 0, 32);
            Assert.Equal(complete, result.Voices.Count);
            Assert.Equal(full.Take(complete).Select(v => v.Voice), result.Voices.Select(v => v.Voice));
            if (n >= 4 && n < 4102)
            {
                Assert.Contains(result.Issues, i => i.Kind == IssueKind.Truncated && i.Source == "cut.syx");
            }

            if (n is 4102 or 4103)
            {
                Assert.Contains(result.Issues, i => i.Kind is IssueKind.ChecksumMismatch or IssueKind.MissingEndOfExclusive);
            }

            Assert.Equal(n == rom.Length, result.IsClean);
        }
    }

    [CorpusTheory]
    [MemberData(nameof(SharedData.Roms), MemberType = typeof(SharedData))]
    public void Random_mutations_of_the_ROMs_never_crash_the_reader(string rom)
    {
        byte[] original = File.ReadAllBytes(SharedData.Rom(rom));
        // A fixed seed per ROM and trial (string.GetHashCode differs per process), named on failure so it can be replayed.
        int romSeed = rom.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
        for (int trial = 0; trial < 500; trial++)
        {
            int seed = unchecked(romSeed + trial);
            try
            {
                Mutate(original, seed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"{rom}, trial {trial}, seed {seed}: {e}");
            }
        }
    }

    private static void Mutate(byte[] original, int seed)
    {
        var random = new Random(seed);
        byte[] bytes = (byte[])original.Clone();
        int edits = random.Next(1, 12);
        for (int e = 0; e < edits; e++)
        {
            switch (random.Next(4))
            {
                case 0: bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                case 1: bytes[random.Next(bytes.Length)] = random.Next(2) == 0 ? (byte)0xF0 : (byte)0xF7; break;
                case 2: bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray(); break;
                default:
                    int at = random.Next(bytes.Length + 1);
                    bytes = [.. bytes.AsSpan(0, at), .. original.AsSpan(random.Next(original.Length), 1), .. bytes.AsSpan(at)];
                    break;
            }

            if (bytes.Length == 0)
            {
                break;
            }
        }

        foreach (var policy in new[] { RepairPolicy.Reject, RepairPolicy.Clamp })
        {
            var result = Dx7Reader.Read(bytes, "mutant.syx", policy);
            Assert.True(result.Voices.Count <= 64);
            Assert.All(result.Voices, v => Assert.Equal(policy == RepairPolicy.Clamp || v.Violations.Count == 0, v.Voice.IsValid));
            foreach (var record in result.Voices)
            {
                Assert.Equal(record.Voice, Dx7Reader.Read(Dx7Writer.SingleVoice(record.Voice), "again").Voices.Single().Voice);
            }
        }
    }

    [CorpusFact]
    public void Random_bytes_never_crash_the_reader_and_issues_stay_bounded()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bytes = new byte[random.Next(0, 20000)];
            random.NextBytes(bytes);
            if (trial % 3 == 0 && bytes.Length > 4)
            {
                bytes[0] = (byte)'M'; bytes[1] = (byte)'T'; bytes[2] = (byte)'h'; bytes[3] = (byte)'d';
            }

            var result = Dx7Reader.Read(bytes, "noise.bin");
            Assert.True(result.Issues.Count < 20 * 300);
        }

        byte[] starts = new byte[1 << 20];
        starts.AsSpan().Fill(0xF0);
        var many = Dx7Reader.Read(starts, "starts.syx");
        Assert.True(many.Issues.Count <= 256 + 2, $"{many.Issues.Count} issues for a megabyte of F0");
        Assert.Contains(many.Issues, i => i.Kind == IssueKind.Summary);
    }

    [CorpusFact]
    public void A_3_GB_sparse_file_is_refused_without_reading_it()
    {
        using var temp = new TempFolder();
        string path = temp.File("huge.syx");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(3L * 1024 * 1024 * 1024);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = Dx7Reader.ReadFile(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueKind.Unreadable, issue.Kind);
        Assert.Contains("3072 MB", issue.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        Assert.Equal(ValidationOutcome.Unreadable, Dx7File.Outcome(result));
    }

    [CorpusFact]
    public void An_empty_file_a_directory_and_a_missing_file_are_reported_not_thrown()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("empty.syx"), []);

        var empty = Dx7Reader.ReadFile(temp.File("empty.syx"));
        Assert.Equal(IssueKind.NotDx7Data, Assert.Single(empty.Issues).Kind);

        var folder = Dx7Reader.ReadFile(temp.Path);
        Assert.Contains("directory", Assert.Single(folder.Issues).Message, StringComparison.Ordinal);

        var missing = Dx7Reader.ReadFile(temp.File("nope.syx"));
        Assert.Contains("does not exist", Assert.Single(missing.Issues).Message, StringComparison.Ordinal);
        Assert.All(new[] { empty, folder, missing }, r => Assert.Equal(ValidationOutcome.Unreadable, Dx7File.Outcome(r)));
    }

    [CorpusFact]
    public void A_MIDI_file_with_lying_lengths_is_read_safely()
    {
        byte[] smf = File.ReadAllBytes(SharedData.RomMidi("ROM1A"));
        var random = new Random(11);
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] bytes = (byte[])smf.Clone();
            int at = random.Next(4, Math.Min(bytes.Length, 64)); // header, chunk lengths, the first events
            bytes[at] = (byte)random.Next(256);
            if (random.Next(2) == 0)
            {
                bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            }

            var result = Dx7Reader.Read(bytes, "mutant.mid");
            Assert.True(result.Voices.Count <= 32);
        }
    }

    [CorpusFact]
    public void A_damaged_data_set_file_is_refused_before_anything_big_is_allocated()
    {
        var dataset = CorpusImporter.Import([SharedData.Rom("ROM1A"), SharedData.Rom("ROM2A")], new ImportOptions()).Dataset;
        byte[] bytes = dataset.ToBytes();
        Assert.Equal(64, Dx7Dataset.FromBytes(bytes, "ok").Voices.Count);

        for (int cut = 0; cut < bytes.Length; cut += 97)
        {
            Assert.Throws<InvalidDataException>(() => Dx7Dataset.FromBytes(bytes.AsSpan(0, cut), "cut"));
        }

        byte[] lying = (byte[])bytes.Clone();
        BitConverter.GetBytes(int.MaxValue).CopyTo(lying, 8); // voice count
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => Dx7Dataset.FromBytes(lying, "lying.dx7set"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("lying.dx7set", error.Message, StringComparison.Ordinal);
    }
}
