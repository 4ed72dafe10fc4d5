using System.Management.Automation;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Measures by ear how often New-Dx7Cart -Category draws voices that sound like their category, against real voices of it.</summary>
/// <remarks>
/// An ear that knows no names (the nearest neighbours on timbre features of renders of the model's labelled training
/// voices) names the category each voice sounds like. For each category it hears the model's held-out validation voices of
/// that category and a cart of new ones drawn as New-Dx7Cart -Category draws them, and reports how often each is heard as
/// the category (the columns Real and New), their ratio (1: as recognisable as real voices) with the range it lies in
/// with 95% confidence given how few voices were heard (RatioInterval), what the new voices were heard as instead, and copies
/// and near-copies of training voices. The ear hears every category whichever are measured, so a category's figures do
/// not depend on which others are asked for; each -Seed draws other renders, held-out voices and new voices. The same
/// measurement as dx7 bench category.
/// </remarks>
/// <example>
/// <code>Measure-Dx7Category -Data ../shared/corpus/dexed-cart-1.0 -Category Pad, Effect</code>
/// <para>How recognisable the shipped model's pads and effects are, beside the real ones it held out.</para>
/// </example>
/// <example>
/// <code>1..4 | ForEach-Object { Measure-Dx7Category -Data ./corpus -Category Bell -CategoryStrength 8 -Seed $_ } | Measure-Object GeneratedHitRate -Average</code>
/// <para>Bells drawn at strength 8, heard over four seeds.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Category | Where-Object CanGenerate | Measure-Dx7Category -Data ./corpus -Voices 16 -EarVoices 50</code>
/// <para>Every category the model can draw, quickly and roughly: fewer voices, and an ear trained on fewer renders.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "Dx7Category")]
[OutputType(typeof(CategoryFigures))]
public sealed class MeasureDx7CategoryCommand : Dx7NewVoiceCmdlet
{
    private readonly List<VoiceCategory> _categories = [];

    /// <summary>The data the model was trained on (a folder, file or data set): its training voices train the ear, its held-out validation voices are the real ones.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Data { get; set; } = "";

    /// <summary>The categories to measure (default: every one the model can draw); also from Get-Dx7Category's Category by the pipeline.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public VoiceCategory[]? Category { get; set; }

    /// <summary>New voices, and at most as many held-out real voices, per category (default 64).</summary>
    [Parameter]
    public int Voices { get; set; } = new CategoryEvaluationRequest("").Voices;

    /// <summary>Labelled training voices per category the ear is trained on (default 300; fewer: quicker and rougher).</summary>
    [Parameter]
    public int EarVoices { get; set; } = new CategoryEvaluationRequest("").EarVoices;

    /// <summary>How far around each category's voices to draw, as New-Dx7Cart -Spread (0-4; default 1).</summary>
    [Parameter]
    public double? Spread { get; set; }

    /// <summary>How strongly the voices follow their category, as New-Dx7Cart -CategoryStrength (0-10; default 5).</summary>
    [Parameter]
    public double? CategoryStrength { get; set; }

    /// <summary>The most nats a voice may be likelier told its category than told "any" before it is drawn again (default 5; 1000: no limit).</summary>
    [Parameter]
    public double? CategoryPullLimit { get; set; }

    protected override void ProcessRecord() => _categories.AddRange(Category ?? []);

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new CategoryEvaluationRequest(ProviderPath(Data), Voices, EarVoices, Seed: Seed ?? 1, Temperature: Temperature, Spread: Spread,
            CategoryStrength: CategoryStrength, CategoryPullLimit: CategoryPullLimit, Categories: _categories.Count > 0 ? [.. _categories.Distinct()] : null,
            TemperatureScale: Scale(), TopP: TopP);
        var progress = Progress("Hearing categories");
        var result = Call(() => RunOnWorker(token => CartsToOrder.EvaluateCategories(model, request, progress, token)), Data);
        WriteVerbose($"Real voices heard as their category {result.RealAccuracy:P1}, generated {result.GeneratedAccuracy:P1} (chance {result.Chance:P1}).");
        WriteObject(result.Categories, enumerateCollection: true);
    }
}
