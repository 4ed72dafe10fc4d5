using System.Globalization;
using System.Management.Automation;
using NeuralDx7.Model;
using NeuralDx7.Model.Training;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Trains a model on a folder of cartridges or a data set, showing progress.</summary>
/// <remarks>
/// Checkpoints are written atomically every few minutes. Ctrl+C stops after the current step and saves the model and
/// a checkpoint; -Resume continues from the checkpoint with the optimiser's state, the data order and the noise generator,
/// exactly where the run stopped. -Epochs runs are reproducible: the same data and seed give the same model.
/// </remarks>
/// <example>
/// <code>Invoke-Dx7Training -Data ./my-carts -OutputPath ./my-model -Epochs 10</code>
/// <para>Trains the small configuration on a folder of cartridges.</para>
/// </example>
/// <example>
/// <code>Invoke-Dx7Training -Data ./my-carts -OutputPath ./my-model -Epochs 20 -Resume</code>
/// <para>Continues the run above to 20 epochs.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Invoke, "Dx7Training", SupportsShouldProcess = true)]
[OutputType(typeof(TrainingOutcome))]
public sealed class InvokeDx7TrainingCommand : Dx7Cmdlet
{
    /// <summary>A folder or file of cartridges, or a data set made by dx7 import.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Data { get; set; } = "";

    /// <summary>The model folder: checkpoint, log and, at the end, the model.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Out")]
    public string OutputPath { get; set; } = "";

    /// <summary>small, original, or a JSON file of sizes (relative to the current location).</summary>
    [Parameter]
    public string Config { get; set; } = "small";

    /// <summary>Stop after this much training time, counted across resumed runs.</summary>
    [Parameter]
    public double? Minutes { get; set; }

    /// <summary>Stop after this many passes over the training voices.</summary>
    [Parameter]
    public int? Epochs { get; set; }

    /// <summary>Continue the run in -OutputPath from its checkpoint.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Seed of the initial weights, data order and noise: the same seed and data give the same model (default 1).</summary>
    [Parameter]
    public ulong Seed { get; set; } = 1;

    /// <summary>Voices per training step.</summary>
    [Parameter]
    public int BatchSize { get; set; } = TrainingOptions.Recommended.BatchSize;

    /// <summary>Peak AdamW learning rate (warm-up, then cosine decay).</summary>
    [Parameter]
    public double LearningRate { get; set; } = TrainingOptions.Recommended.LearningRate;

    protected override void EndProcessing()
    {
        string output = ProviderPath(OutputPath);
        string config = Config is "small" or "original" ? Config : ProviderPath(Config);
        var request = Call(() => new TrainingRequest(
            ProviderPath(Data), output, ModelConfig.Resolve(config),
            TrainingOptions.Recommended with { BatchSize = BatchSize, LearningRate = LearningRate },
            TrainingBudget.Of(Minutes, Epochs), Seed, Resume));
        Call(request.Validate);
        if (!ShouldProcess(output, Resume ? "Resume training" : "Train a new model"))
        {
            return;
        }

        var progress = Reporter<TrainingProgress>(WriteTrainingProgress);
        var outcome = Call(() => RunOnWorker(token => TrainingRun.Execute(request, new Throttled<TrainingProgress>(progress), VerboseMessages(), token)), OutputPath);
        WriteProgress(new ProgressRecord(1, "Training", "done") { RecordType = ProgressRecordType.Completed });
        if (outcome.Cancelled)
        {
            WriteWarning($"Stopped at step {outcome.State.Step}; the model and a checkpoint are saved in {output}. Continue with -Resume.");
        }

        WriteObject(outcome);
    }

    private void WriteTrainingProgress(TrainingProgress t)
    {
        var record = new ProgressRecord(1, "Training", string.Create(CultureInfo.InvariantCulture,
            $"step {t.Step}, epoch {t.Epoch}: loss {t.Loss:0.000}, accuracy {t.Accuracy:P1}, KL {t.Kl:0.0}, {t.SamplesPerSecond:0} voices/s"));
        if (t.Remaining is TimeSpan remaining)
        {
            record.SecondsRemaining = (int)remaining.TotalSeconds;
            double total = t.Elapsed.TotalSeconds + remaining.TotalSeconds;
            record.PercentComplete = total > 0 ? (int)Math.Clamp(100 * t.Elapsed.TotalSeconds / total, 0, 100) : -1;
        }

        WriteProgress(record);
    }
}
