using System.Text.Json;
using NeuralDx7.Codec;

namespace NeuralDx7.Tests.Cli;

public class CodecCommandTests
{
    [CorpusFact]
    public void Inspect_lists_the_voices_of_a_factory_ROM()
    {
        var (code, output, _) = CliRunner.Run("inspect", SharedData.Rom("ROM1A"));
        Assert.Equal(0, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(33, lines.Length);
        Assert.StartsWith("Index", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^0\s+BRASS   1\s+22\s+7\s+C3\s+yes", lines[1]);
    }

    [CorpusFact]
    public void Inspect_json_gives_index_name_algorithm_and_validity()
    {
        var (code, output, _) = CliRunner.Run("inspect", SharedData.RomMidi("ROM1A"), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var voices = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(32, voices.Count);
        Assert.Equal(0, voices[0].GetProperty("index").GetInt32());
        Assert.Equal("BRASS   1", voices[0].GetProperty("name").GetString());
        Assert.Equal(22, voices[0].GetProperty("algorithm").GetInt32());
        Assert.True(voices.All(v => v.GetProperty("valid").GetBoolean()));
    }

    [CorpusFact]
    public void Validate_exits_0_1_or_2_and_never_prints_a_stack_trace()
    {
        using var temp = new TempFolder();
        byte[] bad = File.ReadAllBytes(SharedData.Rom("ROM2B"));
        bad[6 + 128 * 5 + 14] = 110; // voice 5, OP6 output level
        File.WriteAllBytes(temp.File("bad.syx"), bad);
        File.WriteAllText(temp.File("notes.txt"), "not a cartridge");

        Assert.Equal(0, CliRunner.Run("validate", SharedData.Rom("ROM1A"), SharedData.Rom("ROM4B")).ExitCode);

        var invalid = CliRunner.Run("validate", SharedData.Rom("ROM1A"), temp.File("bad.syx"));
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("bad.syx: offset 0 (0x0): voice 5: OP6 Output Level: 110 is outside 0-99", invalid.Error, StringComparison.Ordinal);

        var unreadable = CliRunner.Run("validate", temp.File("bad.syx"), temp.File("notes.txt"), temp.Path);
        Assert.Equal(2, unreadable.ExitCode);
        Assert.Contains("holds no DX7 voice data", unreadable.Error, StringComparison.Ordinal);
        Assert.Contains("is a directory", unreadable.Error, StringComparison.Ordinal);

        foreach (var run in new[] { invalid, unreadable })
        {
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    [CorpusFact]
    public void Validate_json_reports_each_file()
    {
        var (code, output, _) = CliRunner.Run("validate", SharedData.Rom("ROM2A"), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("valid", json.RootElement.GetProperty("outcome").GetString());
        var file = json.RootElement.GetProperty("files")[0];
        Assert.Equal(32, file.GetProperty("voices").GetInt32());
    }

    [CorpusFact]
    public void Convert_writes_bulk_identically_and_other_formats_that_read_back()
    {
        using var temp = new TempFolder();
        string rom = SharedData.Rom("ROM3B");
        Assert.Equal(0, CliRunner.Run("convert", rom, "--out", temp.File("copy.syx")).ExitCode);
        Assert.Equal(File.ReadAllBytes(rom), File.ReadAllBytes(temp.File("copy.syx")));

        var original = Dx7Reader.ReadFile(rom).Voices.Select(v => v.Voice).ToList();
        Assert.Equal(0, CliRunner.Run("convert", rom, "--out", temp.File("rom.mid")).ExitCode);
        Assert.True(StandardMidiFile.IsStandardMidiFile(File.ReadAllBytes(temp.File("rom.mid"))));
        Assert.Equal(original, Dx7Reader.ReadFile(temp.File("rom.mid")).Voices.Select(v => v.Voice));

        Assert.Equal(0, CliRunner.Run("convert", temp.File("rom.mid"), "--out", temp.File("singles.syx"), "--format", "single", "--channel", "3").ExitCode);
        var singles = Dx7Reader.ReadFile(temp.File("singles.syx"));
        Assert.Equal(32 * 163, new FileInfo(temp.File("singles.syx")).Length);
        Assert.Equal(original, singles.Voices.Select(v => v.Voice));
        Assert.All(singles.Voices, v => Assert.Equal(3, v.Channel));
    }

    [CorpusFact]
    public void Convert_keeps_the_factory_ROMs_out_of_range_values_and_says_so()
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("convert", SharedData.Rom("ROM3B"), "--out", temp.File("rom3b.syx"));
        Assert.Equal(0, code);
        Assert.Contains("voice 1: OP6 EG Rate 1: 127 is outside 0-99", error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(SharedData.Rom("ROM3B")), File.ReadAllBytes(temp.File("rom3b.syx")));
    }

    [CorpusFact]
    public void Convert_never_overwrites_without_force_and_clamps_on_request()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("keep.syx"), "precious");
        var refused = CliRunner.Run("convert", SharedData.Rom("ROM1A"), "--out", temp.File("keep.syx"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(temp.File("keep.syx")));
        Assert.Equal(0, CliRunner.Run("convert", SharedData.Rom("ROM1A"), "--out", temp.File("keep.syx"), "--force").ExitCode);
        Assert.Equal(File.ReadAllBytes(SharedData.Rom("ROM1A")), File.ReadAllBytes(temp.File("keep.syx")));

        byte[] bad = File.ReadAllBytes(SharedData.Rom("ROM1A"));
        bad[6 + 127] = 0; // voice 0, last name character: a control character
        File.WriteAllBytes(temp.File("bad.syx"), bad);
        var clamped = CliRunner.Run("convert", temp.File("bad.syx"), "--out", temp.File("out.syx"), "--repair", "clamp");
        Assert.Equal(0, clamped.ExitCode);
        Assert.Contains("voice 0: Name Character 10: 0 clamped to 32", clamped.Error, StringComparison.Ordinal);
        Assert.Equal(' ', Dx7Reader.ReadFile(temp.File("out.syx")).Voices[0].Voice.RawName[9]);
        Assert.Equal(1, CliRunner.Run("validate", temp.File("bad.syx")).ExitCode);
        Assert.Equal(0, CliRunner.Run("validate", temp.File("out.syx")).ExitCode);

        var wrong = CliRunner.Run("convert", temp.File("bad.syx"), "--out", temp.File("x.syx"), "--repair", "reject");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("--repair must be keep or clamp", wrong.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }
}
