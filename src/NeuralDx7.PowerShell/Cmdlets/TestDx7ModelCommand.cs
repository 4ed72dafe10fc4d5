using System.Management.Automation;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Matching;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Tests a model on voices it has not seen: accuracy, negative ELBO and KL beside two baselines, and how its voices sound.</summary>
/// <remarks>
/// Scores the test split by default: cartridges never trained or chosen on (voices the model trained on are left out
/// by fingerprint). Accuracy is the share of the 155 parameters whose most likely value, decoded from the posterior
/// mean, is the voice's; Nll is the negative ELBO in nats per voice. The baselines are uniform over valid values, and
/// the training set's per-parameter frequencies. Novel repeats the scores on the held-out voices with no training voice
/// within 5 differing parameters. -Audio auditions generated and real held-out voices with the DX7 engine.
/// </remarks>
/// <example>
/// <code>Test-Dx7Model -Data ../shared/corpus/dexed-cart-1.0 -Audio</code>
/// <para>Scores the shipped model on the test split of the corpus it was trained on, and auditions what it generates.</para>
/// </example>
/// <example>
/// <code>(Test-Dx7Model -Data ../shared/corpus/dexed-cart-1.0 -Split Validation -Audio -Ear Hexter).Audio</code>
/// <para>Auditions through hexter, a DX7 emulator this project did not write, instead of our engine.</para>
/// </example>
/// <example>
/// <code>(Test-Dx7Model -Data ./other-collection -Split Unseen).Scores</code>
/// <para>Scores the shipped model on every voice of another collection it was not trained on.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "Dx7Model")]
[OutputType(typeof(ModelEvaluationResult))]
public sealed class TestDx7ModelCommand : Dx7NewVoiceCmdlet
{
    /// <summary>A folder or file of cartridges, or a data set made by dx7 import.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Data { get; set; } = "";

    /// <summary>Test (the default: cartridges never trained or chosen on), Validation, or Unseen (every voice not trained on: another collection).</summary>
    [Parameter]
    public HeldOutSplit Split { get; set; } = new EvaluationRequest("").Split;

    /// <summary>Posterior samples per voice for the ELBO (1-256).</summary>
    [Parameter]
    [Alias("Samples")]
    public int PosteriorSamples { get; set; } = new EvaluationRequest("").PosteriorSamples;

    /// <summary>Also audition generated and held-out voices with the DX7 engine: sounds, stops, clipped, Fréchet distance.</summary>
    [Parameter]
    public SwitchParameter Audio { get; set; }

    /// <summary>Voices in each audio set (at most half the held-out voices).</summary>
    [Parameter]
    public int AudioSamples { get; set; } = new EvaluationRequest("").AudioSamples;

    /// <summary>Where generated voices are drawn from, for -Audio: Fitted (the default when the model has one) or Normal.</summary>
    [Parameter]
    public PriorKind? Prior { get; set; }

    /// <summary>
    /// The synth -Audio auditions every set through: Ours (the default) or Hexter (Debian's DX7 plugin, an emulator this
    /// project did not write, when installed).
    /// </summary>
    [Parameter]
    public Ear Ear { get; set; } = new EvaluationRequest("").Ear;

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new EvaluationRequest(ProviderPath(Data), Split, PosteriorSamples, Audio, AudioSamples, Seed ?? new EvaluationRequest("").Seed, Temperature, Prior, TopP, Scale(), Ear);
        var progress = Reporter<(string Stage, int Done, int Total)>(p => WriteProgress(new ProgressRecord(1, "Evaluating", $"{p.Stage} {p.Done} of {p.Total}")
        {
            PercentComplete = p.Total > 0 ? Math.Min(100, p.Done * 100 / p.Total) : -1,
        }));
        WriteObject(Call(() => RunOnWorker(token => ModelEvaluation.Run(model, request, new Throttled<(string, int, int)>(progress), token)), Data));
        WriteProgress(new ProgressRecord(1, "Evaluating", "done") { RecordType = ProgressRecordType.Completed });
    }
}
