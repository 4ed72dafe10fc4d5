using System.Runtime.InteropServices;
using NeuralDx7.IO;

namespace NeuralDx7.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as every dx7 command answers them: the command's token is cancelled so it can stop
/// cleanly (training saves its step); one that has not stopped within its grace period, blocked in a read that cannot be
/// cancelled, is ended, its unfinished temporary files removed. Either way the exit code is 130 (SIGINT) or 143 (SIGTERM),
/// as shells report a process a signal ended.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    public const int InterruptedExitCode = 130;
    public const int TerminatedExitCode = 143;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TimeSpan _grace;
    private readonly TextWriter _error;
    private int _exitCode;
    private Timer? _deadline;

    public StopSignals(TimeSpan grace, TextWriter error)
    {
        _grace = grace;
        _error = error;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, InterruptedExitCode)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, TerminatedExitCode)));
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>130 or 143 once a signal came; null before.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is int code and > 0 ? code : null;

    private void Stop(PosixSignalContext context, int exitCode)
    {
        context.Cancel = true; // the command stops itself, cleanly, within its grace period
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) != 0)
        {
            return;
        }

        _stop.Cancel();
        _deadline = new Timer(_ =>
        {
            AtomicFile.DeleteUnfinished();
            _error.WriteLine("dx7: stopped.");
            _error.Flush();
            Environment.Exit(exitCode);
        }, null, _grace, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _deadline?.Dispose();
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }
}
