using System.Buffers.Binary;
using System.Text;
using NeuralDx7.IO;
using NeuralDx7.Voice;

namespace NeuralDx7.Corpus;

/// <summary>Which part of the data set a voice is in: trained on, used to choose a recipe, or kept for reporting.</summary>
public enum DatasetSplit : byte
{
    Train = 0,
    Validation = 1,
    Test = 2,
}

/// <summary>Where a voice was found: its name there, the file, and its index in the file.</summary>
public sealed record VoiceProvenance(string Name, string File, int Index);

/// <summary>One distinct voice of a data set, with every place it was found.</summary>
public sealed record DatasetVoice(Dx7Voice Voice, DatasetSplit Split, IReadOnlyList<VoiceProvenance> Provenance);

/// <summary>Counts from the import that made a data set.</summary>
public sealed record ImportSummary(int Files, int FilesSkipped, int Voices, int Invalid, int Repaired, int Distinct, int Train, int Validation, int Test);

/// <summary>
/// A deduplicated set of DX7 voices (distinct on their 145 sound parameters), split three ways by source cartridge
/// (train, validation for choosing a recipe, test for reporting only), with provenance. Saved in a compact binary
/// file that loads in milliseconds.
/// </summary>
public sealed class Dx7Dataset
{
    // Version 1 had two splits and no test share; it still loads (as train and validation only).
    private static ReadOnlySpan<byte> MagicVersion1 => "DX7DSET1"u8;
    private static ReadOnlySpan<byte> Magic => "DX7DSET2"u8;
    private const int RecordSize = Dx7Parameters.Count + 1;
    private const int ProvenanceSize = 4 + 4 + Dx7Parameters.NameLength;
    private const int HeaderSize = 8 + (4 * 10);

    public Dx7Dataset(IReadOnlyList<DatasetVoice> voices, ImportSummary summary, int validationPercent, int testPercent)
    {
        ArgumentNullException.ThrowIfNull(voices);
        Voices = voices;
        Summary = summary;
        ValidationPercent = validationPercent;
        TestPercent = testPercent;
    }

    public IReadOnlyList<DatasetVoice> Voices { get; }

    public ImportSummary Summary { get; }

    /// <summary>Share of cartridges held out for validation, in percent.</summary>
    public int ValidationPercent { get; }

    /// <summary>Share of cartridges held out for the test split, in percent.</summary>
    public int TestPercent { get; }

    public IEnumerable<Dx7Voice> Train => Part(DatasetSplit.Train);

    public IEnumerable<Dx7Voice> Validation => Part(DatasetSplit.Validation);

    public IEnumerable<Dx7Voice> Test => Part(DatasetSplit.Test);

    /// <summary>The voices of one part of the split.</summary>
    public IEnumerable<Dx7Voice> Part(DatasetSplit split) => Voices.Where(v => v.Split == split).Select(v => v.Voice);

    /// <summary>
    /// The part a cartridge belongs to, from a key of its contents alone (<see cref="CartridgeKey"/>): the same
    /// cartridge goes to the same part in every import, wherever it is stored and whatever else the corpus holds.
    /// </summary>
    public static DatasetSplit SplitOf(ulong cartridgeKey, int validationPercent, int testPercent)
    {
        ulong x = cartridgeKey;
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9UL; // splitmix64 finaliser: FNV's low bits alone mix poorly
        x ^= x >> 27; x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        int bucket = (int)(x % 100);
        return bucket < testPercent ? DatasetSplit.Test
            : bucket < testPercent + validationPercent ? DatasetSplit.Validation
            : DatasetSplit.Train;
    }

    /// <summary>
    /// A cartridge's identity for the split: its voices' sound fingerprints, in any order. Copies of a cartridge that
    /// differ only in voice names, order, checksum or file format get the same key.
    /// </summary>
    public static ulong CartridgeKey(IEnumerable<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        ulong key = 0;
        foreach (ulong sound in voices.Select(v => v.SoundFingerprint).Distinct())
        {
            ulong x = sound * 0x9E3779B97F4A7C15UL;
            key += x ^ (x >> 29); // a sum of mixed values: independent of order
        }

        return key;
    }

    /// <summary>
    /// A data set from a path: a data set file made by 'dx7 import', or a folder or cartridge file imported on the spot
    /// with the default options (reject out-of-range voices; 10% of cartridges for validation, 10% for test).
    /// </summary>
    public static Dx7Dataset Open(string path, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path) && IsDatasetFile(path))
        {
            return Load(path);
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist.", path);
        }

        return CorpusImporter.Import([path], new ImportOptions(), progress, cancellation).Dataset;
    }

    private static bool IsDatasetFile(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == 8 && head.SequenceEqual(Magic);
    }

    /// <summary>Writes the data set atomically.</summary>
    public void Save(string path, bool overwrite) => AtomicFile.Write(path, stream => stream.Write(ToBytes()), overwrite);

    /// <summary>Loads a data set, checking every count against the file's size before allocating.</summary>
    public static Dx7Dataset Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromBytes(BoundedFile.ReadAllBytes(path, 1L << 30, "a DX7 data set"), path);
    }

    internal byte[] ToBytes()
    {
        var files = new List<string>();
        var fileIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int provenanceCount = 0;
        foreach (var voice in Voices)
        {
            foreach (var p in voice.Provenance)
            {
                provenanceCount++;
                if (!fileIndex.ContainsKey(p.File))
                {
                    fileIndex[p.File] = files.Count;
                    files.Add(p.File);
                }
            }
        }

        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        var fields = header[8..];
        int[] values = [Voices.Count, files.Count, provenanceCount, ValidationPercent, TestPercent,
            Summary.Files, Summary.FilesSkipped, Summary.Voices, Summary.Invalid, Summary.Repaired];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(fields[(i * 4)..], values[i]);
        }

        output.Write(header);
        Span<byte> word = stackalloc byte[4];
        foreach (var file in files)
        {
            var utf8 = Encoding.UTF8.GetBytes(file);
            BinaryPrimitives.WriteInt32LittleEndian(word, utf8.Length);
            output.Write(word);
            output.Write(utf8);
        }

        foreach (var voice in Voices)
        {
            output.Write(voice.Voice.Parameters);
            output.WriteByte((byte)voice.Split);
            BinaryPrimitives.WriteInt32LittleEndian(word, voice.Provenance.Count);
            output.Write(word);
        }

        Span<byte> record = stackalloc byte[ProvenanceSize];
        foreach (var voice in Voices)
        {
            foreach (var p in voice.Provenance)
            {
                BinaryPrimitives.WriteInt32LittleEndian(record, fileIndex[p.File]);
                BinaryPrimitives.WriteInt32LittleEndian(record[4..], p.Index);
                var name = record[8..];
                name.Fill((byte)' ');
                for (int i = 0; i < Math.Min(p.Name.Length, name.Length); i++)
                {
                    name[i] = (byte)(p.Name[i] & 0x7F);
                }

                output.Write(record);
            }
        }

        return output.ToArray();
    }

    // The file's sections in the order they are written, each checked against what is left before anything is allocated: longer than 80 lines, read best beside ToBytes.
    internal static Dx7Dataset FromBytes(ReadOnlySpan<byte> data, string source)
    {
        var reader = new Reader(data, source);
        var magic = reader.Take(8);
        bool version1 = magic.SequenceEqual(MagicVersion1);
        if (!version1 && !magic.SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{source}: not a NeuralDx7 data set (wrong magic); make one with 'dx7 import'.");
        }

        int voiceCount = reader.Count(RecordSize + 4, "voices");
        int fileCount = reader.Count(4, "files");
        int provenanceCount = reader.Count(ProvenanceSize, "provenance records");
        int validationPercent = reader.Int32();
        int testPercent = version1 ? 0 : reader.Int32();
        if (validationPercent is < 0 or > 100 || testPercent is < 0 or > 100 || validationPercent + testPercent > 100)
        {
            throw reader.Corrupt($"held-out shares of {validationPercent}% and {testPercent}%");
        }

        var summaryValues = new int[5];
        for (int i = 0; i < summaryValues.Length; i++)
        {
            summaryValues[i] = reader.Int32();
        }

        var files = new string[fileCount];
        for (int i = 0; i < fileCount; i++)
        {
            int byteLength = reader.Count(1, "file name bytes");
            files[i] = Encoding.UTF8.GetString(reader.Take(byteLength));
        }

        var parameters = new byte[voiceCount][];
        var splits = new DatasetSplit[voiceCount];
        var counts = new int[voiceCount];
        long total = 0;
        for (int i = 0; i < voiceCount; i++)
        {
            parameters[i] = reader.Take(Dx7Parameters.Count).ToArray();
            byte split = reader.Take(1)[0];
            splits[i] = split <= (byte)DatasetSplit.Test ? (DatasetSplit)split : throw reader.Corrupt($"voice {i} has split {split}");
            counts[i] = reader.Int32();
            total += counts[i];
            if (counts[i] < 0 || total > provenanceCount)
            {
                throw reader.Corrupt($"voice {i} claims more provenance records than the file has");
            }
        }

        var voices = new DatasetVoice[voiceCount];
        for (int i = 0; i < voiceCount; i++)
        {
            var provenance = new VoiceProvenance[counts[i]];
            for (int k = 0; k < provenance.Length; k++)
            {
                var record = reader.Take(ProvenanceSize);
                int file = BinaryPrimitives.ReadInt32LittleEndian(record);
                if ((uint)file >= (uint)fileCount)
                {
                    throw reader.Corrupt($"provenance of voice {i} names file {file} of {fileCount}");
                }

                provenance[k] = new VoiceProvenance(
                    Encoding.ASCII.GetString(record[8..]).TrimEnd(' '),
                    files[file],
                    BinaryPrimitives.ReadInt32LittleEndian(record[4..]));
            }

            Dx7Voice voice;
            try
            {
                voice = Dx7Voice.FromParameters(parameters[i]);
            }
            catch (ArgumentException e)
            {
                throw reader.Corrupt($"voice {i}: {e.Message}");
            }

            voices[i] = new DatasetVoice(voice, splits[i], provenance);
        }

        int train = splits.Count(s => s == DatasetSplit.Train), test = splits.Count(s => s == DatasetSplit.Test);
        var summary = new ImportSummary(summaryValues[0], summaryValues[1], summaryValues[2], summaryValues[3], summaryValues[4],
            voiceCount, train, voiceCount - train - test, test);
        return new Dx7Dataset(voices, summary, validationPercent, testPercent);
    }

    // Bounds-checked cursor over the file: every count is checked against the bytes left.
    private ref struct Reader(ReadOnlySpan<byte> data, string source)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _data.Length - _pos)
            {
                throw Corrupt($"needs {count} bytes at offset {_pos}, the file has {_data.Length - _pos} left");
            }

            var slice = _data.Slice(_pos, count);
            _pos += count;
            return slice;
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public int Count(int bytesEach, string what)
        {
            int count = Int32();
            if (count < 0 || (long)count * bytesEach > _data.Length - _pos)
            {
                throw Corrupt($"{count} {what} cannot fit in the {_data.Length - _pos} bytes left");
            }

            return count;
        }

        public readonly InvalidDataException Corrupt(string what) =>
            new($"{source}: damaged data set: {what}. Make it again with 'dx7 import'.");
    }
}
