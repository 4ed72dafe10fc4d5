using System.Management.Automation;
using NeuralDx7.Application.Generation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Creates new DX7 voices with the neural network, 32 by default: a whole new cartridge.</summary>
/// <remarks>
/// Voices are decoded from points drawn where the model's training voices are in its latent space (a Gaussian
/// mixture fitted to their posteriors; -Prior Normal draws from N(0, I) as the original did). Every parameter is
/// taken from its valid range, so every voice is valid, and every voice is auditioned with the built-in DX7 engine:
/// one that is silent or broken is drawn again (-NoScreen keeps them). The same -Seed gives the same voices.
/// Each parameter is sampled at -Temperature 1 by default (0 takes the most likely value; sampling keeps the
/// variety of real cartridges, where the most likely values sound alike); names always take their most likely
/// letters. The shipped model
/// (models/dx7-vae) is used unless -Model names another.
/// </remarks>
/// <example>
/// <code>New-Dx7Cart | Export-Syx ./cart.syx</code>
/// <para>A new cartridge from the shipped model.</para>
/// </example>
/// <example>
/// <code>New-Dx7Cart -Count 64 -Seed 7 -Temperature 0.5 | Export-Syx ./two-carts.syx</code>
/// <para>64 tamer voices (nearer each parameter's most likely value) in two numbered cartridges, reproducibly.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "Dx7Cart")]
[OutputType(typeof(Dx7Voice))]
public sealed class NewDx7CartCommand : Dx7SamplingCmdlet
{
    /// <summary>How many voices, 1-4096 (32 fill one cartridge).</summary>
    [Parameter(Position = 0)]
    public int Count { get; set; } = new GenerationRequest().Count;

    /// <summary>Where latents are drawn from: Fitted (the default when the model has one: where its training voices are) or Normal (N(0, I), as the original).</summary>
    [Parameter]
    public PriorKind? Prior { get; set; }

    /// <summary>Keep every voice as drawn, silent ones too (by default each is auditioned and silent or broken ones drawn again).</summary>
    [Parameter]
    public SwitchParameter NoScreen { get; set; }

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new GenerationRequest(Count, Seed, Temperature, Prior, !NoScreen);
        var result = Call(() => RunOnWorker(token => CartGeneration.Generate(model, request, token)));
        if (result.Screening is { Unusable: > 0 } screening)
        {
            WriteWarning($"{screening.Unusable} voice(s) were still silent or broken after {CartGeneration.MaxDraws} draws each.");
        }

        WriteObject(result.Voices, enumerateCollection: true);
    }
}
