using System.Globalization;
using System.Management.Automation;
using NeuralDx7.Application.Training;
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
/// <para>Trains the shipped design (the autoregressive decoder, with its recipe) on a folder of cartridges.</para>
/// </example>
/// <example>
/// <code>Invoke-Dx7Training -Data ./my-carts -OutputPath ./my-model -Epochs 20 -Resume</code>
/// <para>Continues the run above to 20 epochs.</para>
/// </example>
/// <example>
/// <code>Invoke-Dx7Training -Data ./my-carts -OutputPath ./by-category -Config autoregressive-by-category -StartFrom ./my-model -Epochs 6 -LearningRate 0.0006 -KlRampSteps 1</code>
/// <para>Fine-tunes the model above into one whose decoder also reads each voice's category, so New-Dx7Cart -Category draws that kind of sound.</para>
/// </example>
/// <example>
/// <code>Invoke-Dx7Training -Data ./my-carts -OutputPath ./original -Config small -Minutes 25 -PermuteOperators</code>
/// <para>The original NeuralDX7 architecture at its small size, for 25 minutes, with operator symmetries as augmentation.</para>
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

    /// <summary>autoregressive (the default), autoregressive-by-category (its decoder also reads each voice's category), small (the original architecture at the reference's size), original (at the original's size), or a JSON file of sizes.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ConfigurationCompleter))]
    public string Config { get; set; } = ModelTrainingRequest.DefaultConfig;

    /// <summary>Stop after this much training time, counted across resumed runs.</summary>
    [Parameter]
    public double? Minutes { get; set; }

    /// <summary>Stop after this many passes over the training voices.</summary>
    [Parameter]
    public int? Epochs { get; set; }

    /// <summary>Continue the run in -OutputPath from its checkpoint.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Start from this trained model's weights instead of random ones (fine-tuning); weights the configuration adds, such as a category table, start at zero.</summary>
    [Parameter]
    public string? StartFrom { get; set; }

    /// <summary>Seed of the initial weights, data order and noise: the same seed and data give the same model (default 1).</summary>
    [Parameter]
    public ulong Seed { get; set; } = 1;

    /// <summary>Voices per training step (default 16).</summary>
    [Parameter]
    public int? BatchSize { get; set; }

    /// <summary>Peak AdamW learning rate, reached after the warm-up and then decayed along a cosine (default 0.003).</summary>
    [Parameter]
    public double? LearningRate { get; set; }

    /// <summary>Warm-up steps of the learning rate (default 500).</summary>
    [Parameter]
    public int? WarmupSteps { get; set; }

    /// <summary>Keep the learning rate constant instead of a cosine decay (the original recipe).</summary>
    [Parameter]
    public SwitchParameter ConstantRate { get; set; }

    /// <summary>Steps for the KL weight to reach 95% of its maximum (default: half the run).</summary>
    [Parameter]
    public int? KlRampSteps { get; set; }

    /// <summary>Largest KL weight on the original's scale; the default, latent size / 155, weighs the KL as the ELBO does.</summary>
    [Parameter]
    public double? MaxBeta { get; set; }

    /// <summary>Nats per latent dimension the KL may use unpenalised (default: 2 autoregressive, 4 the others).</summary>
    [Parameter]
    public double? FreeBits { get; set; }

    /// <summary>The autoregressive decoder's share of steps that cannot read the value before them in training, so the latent must tell them (default 0.1).</summary>
    [Parameter]
    public double? TokenDropout { get; set; }

    /// <summary>Show each voice with its operators renumbered by a symmetry of its algorithm that keeps the sound (default: on for autoregressive; -PermuteOperators:$false turns it off).</summary>
    [Parameter]
    public SwitchParameter PermuteOperators { get; set; }

    /// <summary>For a decoder by category: the share of training voices shown as "any", so it still draws every kind when no category is asked for (default 0.25).</summary>
    [Parameter]
    public double? CategoryDropout { get; set; }

    protected override void EndProcessing()
    {
        string output = ProviderPath(OutputPath);
        string config = ModelConfig.Named.ContainsKey(Config) ? Config : ProviderPath(Config);
        var recipe = new TrainingOverrides(BatchSize, LearningRate, WarmupSteps, ConstantRate ? true : null, MaxBeta, KlRampSteps, FreeBits, TokenDropout,
            MyInvocation.BoundParameters.ContainsKey(nameof(PermuteOperators)) ? PermuteOperators.IsPresent : null, CategoryDropout);
        var request = new ModelTrainingRequest(ProviderPath(Data), output, config, Minutes, Epochs, Resume, Seed, recipe,
            StartFrom is null ? null : ProviderPath(StartFrom));
        Call(request.Resolve);
        if (!ShouldProcess(output, Resume ? "Resume training" : "Train a new model"))
        {
            return;
        }

        var progress = Reporter<TrainingProgress>(WriteTrainingProgress);
        var outcome = Call(() => RunOnWorker(token => ModelTraining.Run(request, new Throttled<TrainingProgress>(progress), VerboseMessages(), token)), OutputPath);
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
