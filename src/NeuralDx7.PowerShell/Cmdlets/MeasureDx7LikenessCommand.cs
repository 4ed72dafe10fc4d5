using System.Management.Automation;
using NeuralDx7.Application.Evaluation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Measures how near in sound New-Dx7Cart -Like draws voices to their examples, and that it copies none of them.</summary>
/// <remarks>
/// Each trial takes a few of the model's held-out validation voices as examples and as many others as a random set, and
/// draws 32 voices like the examples, as New-Dx7Cart -Like draws them. For each spread it reports the median timbre
/// distance from a new voice to its nearest example over that to the nearest random voice (below 1: nearer the examples),
/// the share nearer an example than any random voice, and copies and near-copies of the examples and of the training
/// voices. The same measurement as dx7 bench like.
/// </remarks>
/// <example>
/// <code>Measure-Dx7Likeness -Data ../shared/corpus/dexed-cart-1.0</code>
/// <para>24 trials of 4 examples at spreads 0.5, 1, 1.5 and 2, with the shipped model.</para>
/// </example>
/// <example>
/// <code>Measure-Dx7Likeness -Data ./corpus -Model ./my-model -Spread 1 -Trials 8 | Format-List</code>
/// <para>A quicker look at another model at the default spread.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "Dx7Likeness")]
[OutputType(typeof(LikeSpreadFigures))]
public sealed class MeasureDx7LikenessCommand : Dx7SamplingCmdlet
{
    /// <summary>The data the model was trained on (a folder, file or data set): its held-out validation voices are the examples.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Data { get; set; } = "";

    /// <summary>Sets of examples (default 24).</summary>
    [Parameter]
    public int Trials { get; set; } = new LikeEvaluationRequest("").Trials;

    /// <summary>Examples a set, and the size of the random set each is compared with (default 4).</summary>
    [Parameter]
    public int Examples { get; set; } = new LikeEvaluationRequest("").Examples;

    /// <summary>The spreads to measure (0-4; default 0.5, 1, 1.5 and 2).</summary>
    [Parameter]
    public double[]? Spread { get; set; }

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new LikeEvaluationRequest(ProviderPath(Data), Trials, Examples, Spread is { Length: > 0 } ? Spread : null, Seed ?? 1, Temperature);
        var progress = Progress("Drawing voices like examples");
        var result = Call(() => RunOnWorker(token => CartsToOrder.EvaluateLike(model, request, progress, token)), Data);
        WriteVerbose($"{result.Trials} trials of {result.Examples} held-out examples, {result.VoicesPerTrial} voices each.");
        WriteObject(result.Spreads, enumerateCollection: true);
    }
}
