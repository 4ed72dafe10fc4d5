using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Management.Automation;
using NeuralDx7.Application;
using NeuralDx7.Codec;

namespace NeuralDx7.PowerShell;

/// <summary>
/// What every NeuralDx7 cmdlet shares: path resolution, issues as PowerShell streams, progress, models, long work on
/// a worker thread whose output is written on the pipeline thread, and a cancellation token that Ctrl+C
/// (StopProcessing) trips. Behaviour lives in the core libraries.
/// </summary>
public abstract class Dx7Cmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private BlockingCollection<Action>? _pipelineQueue;
    private int _pipelineThread;

    protected CancellationToken Cancellation => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>
    /// Runs long work on a worker thread while this, the pipeline thread, writes everything the work reports (through
    /// <see cref="OnPipeline"/>): PowerShell accepts output, progress and errors from the pipeline thread only. Ctrl+C
    /// cancels the work's token; the work is always waited for, so it can finish its files before the cmdlet ends.
    /// </summary>
    protected T RunOnWorker<T>(Func<CancellationToken, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var queue = new BlockingCollection<Action>();
        _pipelineThread = Environment.CurrentManagedThreadId;
        _pipelineQueue = queue;
        var worker = Task.Run(() =>
        {
            try
            {
                return work(Cancellation);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        // Once writing fails (the pipeline was stopped), the rest is dropped, but the worker is still waited for.
        Exception? writeFailure = null;
        foreach (var write in queue.GetConsumingEnumerable())
        {
            if (writeFailure is not null)
            {
                continue;
            }

            try
            {
                write();
            }
            catch (Exception e) when (e is PipelineStoppedException or InvalidOperationException)
            {
                writeFailure = e;
                _stop.Cancel();
            }
        }

        _pipelineQueue = null;
        if (writeFailure is not null)
        {
            // The pipeline stopped: say so to PowerShell (not the worker's cancellation) once the worker is done.
            ((IAsyncResult)worker).AsyncWaitHandle.WaitOne();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(writeFailure).Throw();
        }

        return worker.GetAwaiter().GetResult(); // the worker's own exception, unwrapped
    }

    /// <summary>Runs long work without a result on a worker thread; see <see cref="RunOnWorker{T}"/>.</summary>
    protected void RunOnWorker(Action<CancellationToken> work) => RunOnWorker(token =>
    {
        work(token);
        return true;
    });

    /// <summary>
    /// Runs <paramref name="write"/> on the pipeline thread: now when called there, else queued for the thread that is
    /// waiting in <see cref="RunOnWorker{T}"/>. Everything a cmdlet writes from a callback goes through here.
    /// </summary>
    protected void OnPipeline(Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var queue = _pipelineQueue;
        if (queue is null || Environment.CurrentManagedThreadId == _pipelineThread)
        {
            write();
        }
        else
        {
            queue.TryAdd(write); // false only after the work has ended, when there is no one left to tell
        }
    }

    /// <summary>Provider paths for PowerShell paths; wildcards expand unless literal. Missing paths become errors.</summary>
    protected IEnumerable<string> ResolvePaths(IEnumerable<string> paths, bool literal)
    {
        foreach (string path in paths)
        {
            if (literal)
            {
                yield return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                continue;
            }

            Collection<string>? resolved = null;
            try
            {
                resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "PathNotFound", ErrorCategory.ObjectNotFound, path));
            }

            foreach (string file in resolved ?? [])
            {
                yield return file;
            }
        }
    }

    /// <summary>A path the cmdlet will write, relative to PowerShell's current location.</summary>
    protected string ProviderPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Info as verbose output, warnings as warnings, damage as non-terminating errors aimed at the file.</summary>
    protected void WriteIssue(Dx7Issue issue)
    {
        switch (issue.Severity)
        {
            case IssueSeverity.Info:
                WriteVerbose(issue.ToString());
                break;
            case IssueSeverity.Warning:
                WriteWarning(issue.ToString());
                break;
            default:
                WriteError(new ErrorRecord(new InvalidDataException(issue.ToString()), $"Dx7.{issue.Kind}",
                    issue.Kind == IssueKind.Unreadable ? ErrorCategory.ReadError : ErrorCategory.InvalidData, issue.Source));
                break;
        }
    }

    /// <summary>Stops the whole command with an error record made from an exception.</summary>
    protected void Fail(Exception exception, string id, ErrorCategory category, object? target) =>
        ThrowTerminatingError(new ErrorRecord(exception, id, category, target));

    /// <summary>
    /// Runs one call into the application layer and turns what it throws into one terminating error with a category
    /// (never a .NET stack): a request option out of range is worded as this module spells it (-Temperature).
    /// </summary>
    protected T Call<T>(Func<T> call, object? target = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return call();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException(); // Ctrl+C: PowerShell is stopping the pipeline
        }
        catch (InvalidRequestException e)
        {
            throw Terminating(new ArgumentException(e.Worded(option => "-" + option), e), $"Invalid{e.Option}", ErrorCategory.InvalidArgument, target);
        }
        catch (Model.Training.RunExistsException e)
        {
            throw Terminating(new IOException($"{e.Folder} already holds a training run; continue it with -Resume, or train into another folder.", e), "RunExists",
                ErrorCategory.ResourceExists, e.Folder);
        }
        catch (IO.FileExistsException e)
        {
            throw Terminating(new IOException($"{e.Path} already exists; use -Force to overwrite it. Nothing was written.", e), "FileExists",
                ErrorCategory.ResourceExists, e.Path);
        }
        catch (Exception e) when (Category(e) is ErrorCategory category)
        {
            throw Terminating(e, e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal), category, target);
        }
    }

    /// <summary>Runs one call without a result; see <see cref="Call{T}"/>.</summary>
    protected void Call(Action call, object? target = null) => Call(() =>
    {
        call();
        return true;
    }, target);

    private PipelineStoppedException Terminating(Exception e, string id, ErrorCategory category, object? target)
    {
        ThrowTerminatingError(new ErrorRecord(e, id, category, target));
        return new PipelineStoppedException(); // not reached: ThrowTerminatingError throws
    }

    // What the libraries throw for the user's input or environment; anything else is a bug and keeps its stack.
    private static ErrorCategory? Category(Exception e) => e switch
    {
        ModelFileMissingException or FileNotFoundException or DirectoryNotFoundException => ErrorCategory.ObjectNotFound,
        InvalidDataException or Validation.InvalidVoiceException or IO.FileTooLargeException => ErrorCategory.InvalidData,
        Midi.MidiPortException => ErrorCategory.ResourceUnavailable,
        UnauthorizedAccessException => ErrorCategory.PermissionDenied,
        IOException => ErrorCategory.WriteError,
        ArgumentException => ErrorCategory.InvalidArgument,
        InvalidOperationException or NotSupportedException => ErrorCategory.InvalidOperation,
        _ => null,
    };

    /// <summary>Progress of long work, written on the pipeline thread whichever thread reports it.</summary>
    protected IProgress<(int Done, int Total)> Progress(string activity, int id = 1) =>
        new PipelineProgress(this, activity, id);

    /// <summary>Reports from the core, each written on the pipeline thread by <paramref name="write"/>.</summary>
    protected IProgress<T> Reporter<T>(Action<T> write) => new PipelineReporter<T>(this, write);

    /// <summary>Messages from the core as verbose output.</summary>
    protected IProgress<string> VerboseMessages() => Reporter<string>(WriteVerbose);

    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Passes on at most two reports a second, for work that reports far more often than anyone can read.</summary>
    protected sealed class Throttled<T>(IProgress<T> inner) : IProgress<T>
    {
        private long _lastTicks = DateTime.MinValue.Ticks;

        public void Report(T value)
        {
            long now = DateTime.UtcNow.Ticks, last = Interlocked.Read(ref _lastTicks);
            if (now - last >= TimeSpan.TicksPerMillisecond * 500 && Interlocked.CompareExchange(ref _lastTicks, now, last) == last)
            {
                inner.Report(value);
            }
        }
    }

    private sealed class PipelineReporter<T>(Dx7Cmdlet cmdlet, Action<T> write) : IProgress<T>
    {
        public void Report(T value) => cmdlet.OnPipeline(() => write(value));
    }

    private sealed class PipelineProgress(Dx7Cmdlet cmdlet, string activity, int id) : IProgress<(int Done, int Total)>
    {
        private long _lastTicks = DateTime.MinValue.Ticks;

        public void Report((int Done, int Total) value)
        {
            // Reports may come from several threads at once: one of them wins each 200 ms.
            long now = DateTime.UtcNow.Ticks, last = Interlocked.Read(ref _lastTicks);
            if ((now - last < TimeSpan.TicksPerMillisecond * 200 || Interlocked.CompareExchange(ref _lastTicks, now, last) != last)
                && value.Done < value.Total)
            {
                return;
            }

            var record = new ProgressRecord(id, activity, $"{value.Done} of {value.Total}")
            {
                PercentComplete = value.Total > 0 ? Math.Min(100, value.Done * 100 / value.Total) : -1,
                RecordType = value.Done >= value.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            cmdlet.OnPipeline(() => cmdlet.WriteProgress(record));
        }
    }
}
