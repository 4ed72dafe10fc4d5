using System.Diagnostics;
using System.Text;
using NeuralDx7.Model;

namespace NeuralDx7.Tests.Cli;

/// <summary>The dx7 process itself, stopped the way services and CI runners stop it.</summary>
public sealed class TerminationTests
{
    [CorpusFact]
    public void Sigterm_stops_training_cleanly_and_leaves_a_checkpoint_and_a_model()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal; this test runs where CI runs.");
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("tiny.json"), """{ "heads": 2, "headWidth": 8, "encoderLayers": 1, "decoderLayers": 1, "flows": 2, "latentSize": 4, "conditioningWidth": 4 }""");
        string output = temp.File("run");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "dx7.dll"), "train", "--data", SharedData.Rom("ROM1A"), "--out", output, "--config", temp.File("tiny.json"), "--minutes", "10" })
        {
            start.ArgumentList.Add(arg);
        }

        var errors = new StringBuilder();
        using var training = new ManualResetEventSlim();
        using var dx7 = Process.Start(start)!;
        dx7.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }

            if (e.Data?.Contains("parameters", StringComparison.Ordinal) == true)
            {
                training.Set(); // the configuration line: the run has begun
            }
        };
        dx7.BeginErrorReadLine();
        Assert.True(training.Wait(TimeSpan.FromSeconds(60)), "training did not start");
        Thread.Sleep(2000);
        Process.Start("kill", ["-TERM", dx7.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

        Assert.True(dx7.WaitForExit(TimeSpan.FromSeconds(60)), "dx7 did not stop");
        dx7.WaitForExit(); // and its output is all read
        Assert.Equal(143, dx7.ExitCode); // ended by SIGTERM, as shells report it
        lock (errors)
        {
            Assert.Contains("continue with --resume", errors.ToString());
        }

        Assert.True(File.Exists(Path.Combine(output, "checkpoint.safetensors")));
        Assert.NotNull(TrainedModel.Load(output));
    }
}
