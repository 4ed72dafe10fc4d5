using System.Management.Automation;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Measures how many voices sampled from the model are distinct, copies or near-copies of training voices, and valid.</summary>
/// <remarks>
/// The original project's duplicate test, drawn as New-Dx7Cart draws. Distinctness ignores the name; copies are matched
/// on the training fingerprints shipped with the model; near-copies (at most 3 of the 145 sound parameters differ, copies
/// included) need the training voices themselves, from -Data. What cannot be measured is null, with a warning saying why.
/// </remarks>
/// <example>
/// <code>Measure-Dx7Uniqueness -Samples 10000 -Data ../shared/corpus/dexed-cart-1.0</code>
/// <para>The duplicate test on 10,000 samples of the shipped model, near-copies counted against the corpus it was trained on.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "Dx7Uniqueness")]
[OutputType(typeof(DuplicateTestResult))]
public sealed class MeasureDx7UniquenessCommand : Dx7NewVoiceCmdlet
{
    /// <summary>How many voices to draw (1-1,000,000).</summary>
    [Parameter(Position = 0)]
    public int Samples { get; set; } = new DuplicateTestRequest().Samples;

    /// <summary>Where latents are drawn from: Fitted (the default when the model has one) or Normal.</summary>
    [Parameter]
    public PriorKind? Prior { get; set; }

    /// <summary>The data the model was trained on (a folder, file or data set): near-copies are counted against its training voices.</summary>
    [Parameter]
    public string? Data { get; set; }

    /// <summary>Draw as the raw model does, without drawing silent voices again.</summary>
    [Parameter]
    public SwitchParameter NoScreen { get; set; }

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new DuplicateTestRequest(Samples, Seed ?? new DuplicateTestRequest().Seed, Temperature, Prior,
            Data is null ? null : ProviderPath(Data), !NoScreen, TopP, Scale());
        var progress = Progress("Duplicate test");
        var result = Call(() => RunOnWorker(token => DuplicateTest.Run(model, request, progress, token)));
        foreach (string warning in result.Warnings)
        {
            WriteWarning(warning);
        }

        WriteObject(result);
    }
}
