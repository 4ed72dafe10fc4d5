using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NeuralDx7.Tests.Cli;

/// <summary>What a dx7 process did: its exit code, what it printed, and whether it had to be killed.</summary>
internal sealed record Dx7Run(int ExitCode, string Output, string Error, bool TimedOut, TimeSpan Elapsed);

/// <summary>
/// Runs the dx7 tool as its own process, as a user does: the built dx7.dll beside the tests, through dotnet, with
/// the arguments, working folder and environment given. A process that outlives its time limit is killed.
/// </summary>
internal static class Dx7Process
{
    /// <summary>
    /// How long a command may take to end after a signal. Commands stop within their one-second grace; the rest is room
    /// for a CI machine running other test processes on both cores. A command that ignores the signal still fails.
    /// </summary>
    public static TimeSpan SignalLimit { get; } = TimeSpan.FromSeconds(10);

    private const string EnvProgram = "/usr/bin/env";

    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "dx7.dll");

    public static Dx7Run Run(params string[] args) => Run(args, TimeSpan.FromMinutes(3));

    public static Dx7Run Run(IEnumerable<string> args, TimeSpan limit, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, Action<Process>? whileRunning = null)
    {
        // A background job of a shell ignores SIGINT, and its children inherit that (as nohup intends, and as dx7 honours):
        // the tests stand for Ctrl+C at a terminal, so dx7 starts with SIGINT's default handling whoever ran the tests.
        bool resetInterrupt = OperatingSystem.IsLinux() && File.Exists(EnvProgram);
        var start = new ProcessStartInfo(resetInterrupt ? EnvProgram : "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (resetInterrupt)
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Assembly);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            whileRunning?.Invoke(process);
        }
        catch
        {
            process.Kill(entireProcessTree: true); // a failed check must not leave dx7 running after the test
            throw;
        }

        bool timedOut = !process.WaitForExit(limit);
        if (timedOut)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.WaitForExit(); // and the output is all read
        return new Dx7Run(process.ExitCode, output.Result, error.Result, timedOut, clock.Elapsed);
    }

    /// <summary>Sends a POSIX signal (INT, TERM) to a process.</summary>
    public static void Signal(Process process, string signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>True when the text has no .NET stack trace or exception type names in it.</summary>
    public static bool IsClean(string text) =>
        !text.Contains("   at ", StringComparison.Ordinal) && !text.Contains("Exception", StringComparison.Ordinal)
        && !text.Contains("System.", StringComparison.Ordinal);

    public static string Describe(Dx7Run run)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"exit {run.ExitCode}{(run.TimedOut ? " (killed: timed out)" : "")} after {run.Elapsed.TotalSeconds:0.0} s");
        text.Append("\nstderr: ").Append(run.Error).Append("\nstdout: ").Append(run.Output.Length > 2000 ? run.Output[..2000] : run.Output);
        return text.ToString();
    }
}
