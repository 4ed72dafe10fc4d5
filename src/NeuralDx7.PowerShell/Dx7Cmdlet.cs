using System.Collections.ObjectModel;
using System.Management.Automation;
using NeuralDx7.Codec;
using NeuralDx7.Model;

namespace NeuralDx7.PowerShell;

/// <summary>
/// What every NeuralDx7 cmdlet shares: path resolution, issues as PowerShell streams, progress, models, and
/// a cancellation token that Ctrl+C (StopProcessing) trips. Behaviour lives in the core libraries.
/// </summary>
public abstract class Dx7Cmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, TrainedModel> _models = new(StringComparer.Ordinal);

    protected CancellationToken Cancellation => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

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

    /// <summary>Reports progress on the pipeline thread (callbacks run there).</summary>
    protected IProgress<(int Done, int Total)> Progress(string activity, int id = 1) =>
        new PipelineProgress(this, activity, id);

    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class PipelineProgress(Dx7Cmdlet cmdlet, string activity, int id) : IProgress<(int Done, int Total)>
    {
        private DateTime _last = DateTime.MinValue;

        public void Report((int Done, int Total) value)
        {
            if (DateTime.UtcNow - _last < TimeSpan.FromMilliseconds(200) && value.Done < value.Total)
            {
                return;
            }

            _last = DateTime.UtcNow;
            cmdlet.WriteProgress(new ProgressRecord(id, activity, $"{value.Done} of {value.Total}")
            {
                PercentComplete = value.Total > 0 ? Math.Min(100, value.Done * 100 / value.Total) : -1,
                RecordType = value.Done >= value.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });
        }
    }
}
