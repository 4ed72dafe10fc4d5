using System.Management.Automation;
using NeuralDx7.Application.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Creates variations of voices, sampled around where the model's encoder puts each one.</summary>
/// <remarks>-Spread scales the posterior's standard deviation: small values stay close to the voice, large ones wander.</remarks>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx -Index 10 | New-Dx7Variation -Count 32 -Spread 0.5 | Export-Syx ./epiano-variations.syx</code>
/// <para>A cartridge of 32 close variations of E.PIANO 1.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "Dx7Variation")]
[OutputType(typeof(Dx7Voice))]
public sealed class NewDx7VariationCommand : Dx7SamplingCmdlet
{
    /// <summary>Voices, from the pipeline or the Voice property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Voice")]
    public Dx7Voice[] InputObject { get; set; } = [];

    /// <summary>Variations per voice (1-4096).</summary>
    [Parameter]
    public int Count { get; set; } = new VariationRequest().Count;

    /// <summary>How far from the voice, in posterior standard deviations (0-10).</summary>
    [Parameter]
    public double Spread { get; set; } = new VariationRequest().Spread;

    protected override void ProcessRecord()
    {
        var model = OpenModel();
        foreach (var voice in InputObject)
        {
            var request = new VariationRequest(Count, Spread, Temperature, Seed);
            WriteObject(Call(() => LatentMoves.Vary(model, voice, request)).Voices, enumerateCollection: true);
        }
    }
}
