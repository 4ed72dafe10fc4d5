using System.Diagnostics;
using Xunit.Abstractions;

namespace NeuralDx7.Tests.Reference;

/// <summary>
/// A test that needs Debian's PyTorch (apt-get install python3-torch): skipped, with the reason, where it is missing,
/// unless NEURALDX7_REQUIRE_TORCH=1 (CI) makes that a failure.
/// </summary>
public sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute()
    {
        Skip = SharedData.SkipReason; // the check runs on a factory ROM
        if (Environment.GetEnvironmentVariable("NEURALDX7_REQUIRE_TORCH") != "1" && !TorchReference.IsInstalled)
        {
            Skip = "PyTorch is not installed for /usr/bin/python3 (apt-get install python3-torch): the cross-check is skipped.";
        }
    }
}

internal static class TorchReference
{
    public const string Python = "/usr/bin/python3";

    public static bool IsInstalled => File.Exists(Python) && Run(["-c", "import torch"], TimeSpan.FromMinutes(1)).ExitCode == 0;

    /// <summary>tests/reference, found by walking up from the test assembly to the repository's solution.</summary>
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NeuralDx7.slnx")))
                {
                    return Path.Combine(dir.FullName, "tests", "reference");
                }
            }

            throw new InvalidOperationException("NeuralDx7.slnx was not found above the test assembly.");
        }
    }

    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Python, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (SharedData.SkipReason is null)
        {
            start.Environment["NEURALDX7_SHARED"] = Path.GetDirectoryName(Path.GetDirectoryName(SharedData.Corpus));
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}");
        }

        return (process.ExitCode, output.Result + errors.Result);
    }
}

/// <summary>Our VAE against an independent implementation in PyTorch, in double precision: the loss terms and every gradient.</summary>
public sealed class TorchCrossCheckTests(ITestOutputHelper output)
{
    [TorchFact]
    public void The_loss_and_every_gradient_agree_with_PyTorch()
    {
        var (exitCode, text) = TorchReference.Run([Path.Combine(TorchReference.Folder, "torch_check.py")], TimeSpan.FromMinutes(10));
        output.WriteLine(text);
        Assert.True(exitCode == 0, $"torch_check.py exited {exitCode}:\n{text}");
    }
}
