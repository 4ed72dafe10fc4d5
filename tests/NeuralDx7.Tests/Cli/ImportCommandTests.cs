using System.Text.Json;
using NeuralDx7.Corpus;

namespace NeuralDx7.Tests.Cli;

/// <summary>The import of the real corpus, once for the whole class: it is the figure the project stands on.</summary>
public sealed class CorpusImportFixture : IDisposable
{
    public CorpusImportFixture()
    {
        var (code, output, error) = CliRunner.Run("import", SharedData.Corpus, "--out", DatasetPath, "--repair", "reject", "--json");
        ExitCode = code;
        Error = error;
        Json = JsonDocument.Parse(output);
    }

    private readonly TempFolder _temp = new();

    public string DatasetPath => _temp.File("corpus.dx7set");

    public int ExitCode { get; }

    public string Error { get; }

    public JsonDocument Json { get; }

    public void Dispose()
    {
        Json.Dispose();
        _temp.Dispose();
    }
}

public class ImportCommandTests(CorpusImportFixture import) : IClassFixture<CorpusImportFixture>
{
    [CorpusFact]
    public void Importing_the_corpus_gives_about_26000_distinct_voices()
    {
        Assert.Equal(0, import.ExitCode);
        var json = import.Json.RootElement;
        int Get(string name) => json.GetProperty(name).GetInt32();

        Assert.True(Get("files") >= 3718);
        Assert.InRange(Get("distinct"), 26_000, 26_500);
        Assert.InRange(Get("voices"), 105_000, 112_000);
        Assert.InRange(Get("invalid"), 5_000, 12_000); // about a tenth of real voices break a range
        Assert.Equal(0, Get("repaired"));
        Assert.True(Get("filesSkipped") > 0);
        Assert.Equal(Get("distinct"), Get("train") + Get("validation") + Get("test"));
        // A tenth of the cartridges each; sounds also found in a training cartridge stay in training, so fewer voices.
        Assert.InRange(Get("validation") / (double)Get("distinct"), 0.03, 0.12);
        Assert.InRange(Get("test") / (double)Get("distinct"), 0.03, 0.12);
    }

    [CorpusFact]
    public void The_saved_data_set_loads_with_its_split_and_provenance()
    {
        var dataset = Dx7Dataset.Load(import.DatasetPath);
        var json = import.Json.RootElement;
        Assert.Equal(json.GetProperty("distinct").GetInt32(), dataset.Voices.Count);
        Assert.Equal(json.GetProperty("train").GetInt32(), dataset.Train.Count());
        Assert.All(dataset.Voices, v => Assert.True(v.Voice.IsValid));

        // No sound is in two parts, and each is in the part nearest training of all the cartridges it came from, so
        // no validation or test voice is in any training cartridge.
        Assert.Equal(dataset.Voices.Count, dataset.Voices.Select(v => v.Voice.SoundFingerprint).Distinct().Count());
        var cartridgeSplit = new Dictionary<string, DatasetSplit>();
        DatasetSplit SplitOfFile(string file)
        {
            if (!cartridgeSplit.TryGetValue(file, out var split))
            {
                var voices = Codec.Dx7Reader.ReadFile(Path.Combine(SharedData.Corpus, file)).Voices.Select(r => r.Voice);
                cartridgeSplit[file] = split = Dx7Dataset.SplitOf(Dx7Dataset.CartridgeKey(voices), 10, 10);
            }

            return split;
        }

        Assert.All(dataset.Voices, v => Assert.Equal(v.Provenance.Min(p => SplitOfFile(p.File)), v.Split));
        Assert.Equal(10, dataset.TestPercent);

        // BRASS 1 is in every ROM1A copy of the corpus; provenance keeps each file it came from.
        var brass = dataset.Voices.First(v => v.Provenance.Any(p => p.File == "Original Yamaha/DX7 ROM1/ROM1A.syx" && p.Index == 0));
        Assert.Contains(brass.Provenance, p => p.File == "Original Yamaha/DX7 ROM1/ROM1A.mid" && p.Name == "BRASS   1");
        Assert.True(brass.Provenance.Count >= 2);
    }

    [CorpusFact]
    public void Import_is_deterministic_and_clamping_keeps_more_voices()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(SharedData.Corpus, "Original Yamaha");
        var first = CorpusImporter.Import([folder], new ImportOptions()).Dataset;
        var second = CorpusImporter.Import([folder], new ImportOptions()).Dataset;
        Assert.Equal(first.ToBytes(), second.ToBytes());

        var clamped = CliRunner.Run("import", SharedData.Corpus, "--out", temp.File("c.dx7set"), "--repair", "clamp", "--json");
        using var json = JsonDocument.Parse(clamped.Output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("repaired").GetInt32() > 5000);
        Assert.True(root.GetProperty("distinct").GetInt32() > import.Json.RootElement.GetProperty("distinct").GetInt32());
    }

    [CorpusFact]
    public void Import_does_not_overwrite_an_existing_data_set_without_force()
    {
        var (code, _, error) = CliRunner.Run("import", SharedData.Rom("ROM1A"), "--out", import.DatasetPath);
        Assert.Equal(2, code);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Bench_dataset_times_loading_the_imported_data_set()
    {
        var (code, output, _) = CliRunner.Run("bench", "dataset", "--data", import.DatasetPath, "--runs", "2", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(import.Json.RootElement.GetProperty("distinct").GetInt32(), json.RootElement.GetProperty("voices").GetInt32());
        Assert.True(json.RootElement.GetProperty("medianLoadMs").GetDouble() > 0);
    }
}
