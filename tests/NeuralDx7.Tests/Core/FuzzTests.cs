using NeuralDx7.Codec;
using NeuralDx7.Corpus;
using NeuralDx7.Model;
using NeuralDx7.Nn.IO;
using NeuralDx7.Validation;
using Xunit.Abstractions;

namespace NeuralDx7.Tests.Core;

/// <summary>
/// A property test over every reader of files a user hands us: 120,000 inputs made by mutating real files (the factory
/// ROMs as bulk dumps, single voices and MIDI files; a data set; a model's weights) with a fixed seed. Each reader either
/// reads the input or refuses it with the one exception it documents; nothing else may escape, and nothing may allocate
/// beyond what the input's size allows.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int SysexInputs = 60_000;
    private const int DatasetInputs = 30_000;
    private const int WeightInputs = 30_000;

    [CorpusFact]
    public void The_readers_survive_120000_mutated_files()
    {
        var random = new Random(20261202);
        int read = 0, refused = 0;

        // Sysex in every form the reader takes, and runs of them back to back.
        byte[] bulk = File.ReadAllBytes(SharedData.Rom("ROM1A"));
        byte[] midi = File.ReadAllBytes(SharedData.RomMidi("ROM2A"));
        byte[] single = Dx7Writer.SingleVoice(Dx7Reader.Read(bulk, "rom").Voices[3].Voice);
        byte[][] seeds = [bulk, midi, single, [.. single, .. bulk, .. single], bulk[6..^2]];
        for (int i = 0; i < SysexInputs; i++)
        {
            var bytes = Mutate(seeds[i % seeds.Length], random);
            var result = Dx7Reader.Read(bytes, "mutant", i % 2 == 0 ? RepairPolicy.Reject : RepairPolicy.Clamp);
            Assert.True(result.Voices.Count <= (bytes.Length / 128) + 32, $"input {i}: {result.Voices.Count} voices from {bytes.Length} bytes");
            Assert.True(result.Issues.Count <= (bytes.Length / 2) + 8, $"input {i}: {result.Issues.Count} issues from {bytes.Length} bytes");
            (result.HasVoices ? ref read : ref refused)++;
        }

        // A data set file: loads, or is refused as damaged before anything big is allocated.
        byte[] dataset = Dx7Dataset.Open(Path.Combine(SharedData.Corpus, "Original Yamaha", "DX7 ROM1")).ToBytes();
        for (int i = 0; i < DatasetInputs; i++)
        {
            try
            {
                Dx7Dataset.FromBytes(Mutate(dataset, random), "mutant.dx7set");
                read++;
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }

        // A model's weights: the header (where the structure is) mutated far more than the data.
        byte[] weights;
        using (var buffer = new MemoryStream())
        {
            var tiny = new Dx7Vae(new ModelConfig(2, 8, 1, 1, 2, 4, 4), seed: 1);
            Safetensors.Write(buffer, tiny.NamedParameters().Select(p => new NamedTensor(p.Name, p.Tensor.Shape.ToArray(), p.Tensor.Data.ToArray())),
                new Dictionary<string, string> { ["config"] = tiny.Config.ToJson() });
            weights = buffer.ToArray();
        }

        int headerLength = (int)BitConverter.ToUInt64(weights, 0) + 8;
        for (int i = 0; i < WeightInputs; i++)
        {
            var bytes = i % 4 == 0 ? Mutate(weights, random) : [.. Mutate(weights[..headerLength], random), .. weights[headerLength..]];
            try
            {
                using var stream = new MemoryStream(bytes);
                Safetensors.Load(stream, "mutant.safetensors");
                read++;
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }

        int total = SysexInputs + DatasetInputs + WeightInputs;
        Assert.Equal(total, read + refused);
        output.WriteLine($"{total} mutated inputs: {read} read, {refused} refused as damaged, none escaped.");
    }

    // A few random edits of a real file: bytes changed, sysex status bytes dropped in, cut short, bytes repeated.
    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        int edits = random.Next(1, 9);
        for (int e = 0; e < edits && bytes.Length > 0; e++)
        {
            switch (random.Next(6))
            {
                case 0: bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                case 1: bytes[random.Next(bytes.Length)] = random.Next(3) switch { 0 => 0xF0, 1 => 0xF7, _ => 0xFF }; break;
                case 2: bytes = bytes[..random.Next(bytes.Length)]; break;
                case 3:
                    int from = random.Next(bytes.Length), length = Math.Min(random.Next(1, 64), bytes.Length - from), at = random.Next(bytes.Length);
                    bytes = [.. bytes[..at], .. bytes.AsSpan(from, length), .. bytes[at..]];
                    break;
                case 4: bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8)); break;
                default:
                    int start = random.Next(bytes.Length);
                    bytes.AsSpan(start, Math.Min(8, bytes.Length - start)).Fill(random.Next(2) == 0 ? (byte)0 : (byte)0xFF);
                    break;
            }
        }

        return bytes;
    }
}
