using System.Diagnostics;
using NeuralDx7.Midi;
using NeuralDx7.Midi.Transports;

namespace NeuralDx7.Tests.Midi;

/// <summary>
/// A test that needs a running JACK server and jack_midi_dump. Where none runs and jackd is installed, the tests start
/// one with the dummy driver (no sound card needed) and stop it when they end; without jackd they are skipped, with the
/// reason, unless NEURALDX7_REQUIRE_JACK=1 (CI) makes that a failure.
/// </summary>
public sealed class JackFactAttribute : FactAttribute
{
    public JackFactAttribute()
    {
        Skip = SharedData.SkipReason; // these tests also read the corpus

        if (Environment.GetEnvironmentVariable("NEURALDX7_REQUIRE_JACK") != "1" && !JackServer.IsRunning)
        {
            Skip = "No JACK server runs and jackd is not installed (apt-get install jackd2): the JACK tests are skipped.";
        }
    }
}

internal static class JackServer
{
    private static readonly Lazy<bool> Running = new(() => Answers() || StartDummyServer());

    private static bool Answers()
    {
        try
        {
            new JackTransport().ListPorts();
            return true;
        }
        catch (MidiPortException)
        {
            return false;
        }
    }

    // A server of the tests' own, with the dummy driver, for as long as the test process runs.
    private static bool StartDummyServer()
    {
        Process server;
        try
        {
            server = Process.Start(new ProcessStartInfo("jackd", ["--no-realtime", "-d", "dummy", "-r", "48000", "-p", "2048"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // jackd is not installed
        }

        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { server.Kill(); } catch (InvalidOperationException) { }
        };
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && !server.HasExited; Thread.Sleep(100))
        {
            if (Answers())
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsRunning => Running.Value;

    /// <summary>jack_midi_dump, a JACK client we did not write, printing what reaches its port as hex.</summary>
    public static Process StartDump(string clientName)
    {
        var start = new ProcessStartInfo("stdbuf", ["-oL", "jack_midi_dump", clientName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!new JackTransport().ListPorts().Any(p => p.Name == $"{clientName}:input"))
        {
            Assert.True(DateTime.UtcNow < deadline, "jack_midi_dump did not register its port");
            Thread.Sleep(50);
        }

        return process;
    }

    /// <summary>Stops jack_midi_dump and joins the bytes of every event it printed ("time: f0 43 ...").</summary>
    public static byte[] StopDump(Process dump)
    {
        Thread.Sleep(300);
        dump.Kill();
        dump.WaitForExit();
        var bytes = new List<byte>();
        foreach (string line in dump.StandardOutput.ReadToEnd().Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().All(char.IsDigit))
            {
                bytes.AddRange(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => Convert.ToByte(h, 16)));
            }
        }

        dump.Dispose();
        return [.. bytes];
    }
}
