using System.Management.Automation;
using NeuralDx7.Corpus;
using NeuralDx7.Model;
using NeuralDx7.Model.Evaluation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Tests a model on voices it has not seen: accuracy, negative ELBO and KL, beside two baselines.</summary>
/// <remarks>
/// Voices the model trained on are left out (by fingerprint). Accuracy is the share of the 155 parameters whose
/// most likely value, decoded from the posterior mean, is the voice's; Nll is the negative ELBO in nats per voice.
/// The baselines are uniform over valid values, and the training set's per-parameter frequencies.
/// </remarks>
/// <example>
/// <code>Test-Dx7Model -Data ./held-out-carts</code>
/// <para>Scores the shipped model on a folder of cartridges.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "Dx7Model")]
[OutputType(typeof(EvaluationResult))]
public sealed class TestDx7ModelCommand : Dx7Cmdlet
{
    /// <summary>A folder or file of cartridges, or a data set; voices the model trained on are left out.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Data { get; set; } = "";

    /// <summary>A model folder (made by Invoke-Dx7Training or dx7 train); the shipped models/dx7-vae by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    /// <summary>Posterior samples per voice for the ELBO.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int Samples { get; set; } = 4;

    protected override void EndProcessing()
    {
        var trained = LoadModel(Model);
        string folder = Model is null ? TrainedModel.FindShipped()! : ProviderPath(Model);
        string marginalsPath = System.IO.Path.Combine(folder, Marginals.FileName);
        var marginals = File.Exists(marginalsPath) ? Marginals.Load(marginalsPath) : null;
        string data = ProviderPath(Data);
        var reading = Progress("Reading voices", 2);
        var evaluating = Progress("Evaluating");
        try
        {
            WriteObject(RunOnWorker(token =>
            {
                var voices = Dx7Dataset.Open(data, reading, token).Voices.Select(v => v.Voice).ToList();
                return Evaluator.Evaluate(trained, marginals, voices, Samples, progress: evaluating, cancellation: token);
            }));
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: PowerShell is already stopping the pipeline.
        }
    }
}
