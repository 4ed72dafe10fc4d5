using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Management.Automation;
using NeuralDx7.Codec;
using NeuralDx7.Model;

namespace NeuralDx7.PowerShell;

/// <summary>
/// What every NeuralDx7 cmdlet shares: path resolution, issues as PowerShell streams, progress, models, long work on
/// a worker thread whose output is written on the pipeline thread, and a cancellation token that Ctrl+C
/// (StopProcessing) trips. Behaviour lives in the core libraries.
/// </summary>
public abstract class Dx7Cmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, TrainedModel> _models = new(StringComparer.Ordinal);
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

    /// <summary>The model at <paramref name="path"/>, or the shipped one; loaded once per cmdlet.</summary>
    protected TrainedModel LoadModel(string? path)
    {
        string folder = path is null ? TrainedModel.FindShipped()
            ?? throw new FileNotFoundException("No -Model given and no shipped model (models/dx7-vae) was found beside the module.")
            : ProviderPath(path);
        if (!_models.TryGetValue(folder, out var model))
        {
            _models[folder] = model = TrainedModel.Load(folder);
        }

        return model;
    }

    /// <summary>Stops the whole command with an error record made from an exception.</summary>
    protected void Fail(Exception exception, string id, ErrorCategory category, object? target) =>
        ThrowTerminatingError(new ErrorRecord(exception, id, category, target));

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
