using System.Text.Json;
using NeuralDx7.Synth;

namespace NeuralDx7.Tests.Cli;

public sealed class RenderCommandTests
{
    [CorpusFact]
    public void Render_writes_a_wav_per_voice_of_a_cartridge_and_keeps_existing_files_without_force()
    {
        using var temp = new TempFolder();
        string folder = temp.File("preview");
        var (code, _, error) = CliRunner.Run("render", SharedData.Rom("ROM1A"), "--out", folder, "--hold", "0.2", "--release", "0.1");
        Assert.True(code == 0, error);
        var files = Directory.GetFiles(folder, "*.wav").Order().ToArray();
        Assert.Equal(32, files.Length);
        Assert.Equal("voice00.wav", Path.GetFileName(files[0]));
        Assert.Equal("voice31.wav", Path.GetFileName(files[^1]));

        var (samples, rate) = WavFile.Decode(File.ReadAllBytes(files[0]));
        Assert.Equal(44100, rate);
        Assert.Equal((int)(0.3 * 44100), samples.Length);
        Assert.True(AudioAnalysis.RmsDecibels(samples, rate).Max() > -40, "BRASS 1 is audible");

        // A second render refuses before writing anything, names the file, and leaves the first render as it was.
        byte[] before = File.ReadAllBytes(files[5]);
        var refused = CliRunner.Run("render", SharedData.Rom("ROM1A"), "--out", folder, "--note", "40");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("voice00.wav already exists", refused.Error);
        Assert.DoesNotContain("   at ", refused.Error);
        Assert.Equal(before, File.ReadAllBytes(files[5]));
        Assert.Equal(0, CliRunner.Run("render", SharedData.Rom("ROM1A"), "--out", folder, "--note", "40", "--hold", "0.2", "--release", "0.1", "--force").ExitCode);
        Assert.NotEqual(before, File.ReadAllBytes(files[5]));
    }

    [CorpusFact]
    public void Render_of_file_index_writes_one_wav_at_the_rate_asked()
    {
        using var temp = new TempFolder();
        string wav = temp.File("epiano.wav");
        var (code, _, error) = CliRunner.Run("render", SharedData.Rom("ROM1A") + ":10", "--out", wav, "--rate", "22050", "--hold", "0.5", "--release", "0.5");
        Assert.True(code == 0, error);
        Assert.Contains("E.PIANO", error);
        var (samples, rate) = WavFile.Decode(File.ReadAllBytes(wav));
        Assert.Equal(22050, rate);
        Assert.Equal(22050, samples.Length);
    }

    [CorpusFact]
    public void Render_refuses_bad_options_and_many_voices_into_one_wav_with_the_reason()
    {
        using var temp = new TempFolder();
        var many = CliRunner.Run("render", SharedData.Rom("ROM1A"), "--out", temp.File("all.wav"));
        Assert.NotEqual(0, many.ExitCode);
        Assert.Contains("32 voices", many.Error);

        var note = CliRunner.Run("render", SharedData.Rom("ROM1A") + ":0", "--out", temp.File("a.wav"), "--note", "200");
        Assert.NotEqual(0, note.ExitCode);
        Assert.Contains("note 200", note.Error);
        Assert.False(File.Exists(temp.File("a.wav")));
    }

    [CorpusFact]
    public void Bench_render_reports_a_realtime_factor()
    {
        var (code, output, error) = CliRunner.Run("bench", "render", "--json", "--voices", SharedData.Rom("ROM1A"));
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("realtimeFactor").GetDouble() > 1);
    }
}
