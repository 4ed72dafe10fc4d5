using System.Management.Automation;
using NeuralDx7.Application.Generation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Creates voices that move from one voice to another through the model's latent space.</summary>
/// <remarks>
/// Both voices are encoded to the decoder's latent space; the path between them (Slerp by default, or Linear)
/// is decoded one voice per step, both ends included. 32 steps make a cartridge.
/// </remarks>
/// <example>
/// <code>$a = Get-Dx7Voice ./ROM1A.syx -Index 0; $b = Get-Dx7Voice ./ROM1A.syx -Index 10; New-Dx7Interpolation $a $b | Export-Syx ./brass-to-piano.syx</code>
/// <para>A cartridge that morphs from BRASS 1 to E.PIANO 1.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "Dx7Interpolation")]
[OutputType(typeof(Dx7Voice))]
public sealed class NewDx7InterpolationCommand : Dx7SamplingCmdlet
{
    /// <summary>The first voice.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public Dx7Voice From { get; set; } = Dx7Voice.Init;

    /// <summary>The last voice.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public Dx7Voice To { get; set; } = Dx7Voice.Init;

    /// <summary>Voices along the way, both ends included (2-4096).</summary>
    [Parameter]
    public int Steps { get; set; } = new InterpolationRequest().Steps;

    /// <summary>Linear, or Slerp (along the great circle, the default).</summary>
    [Parameter]
    public InterpolationMethod Method { get; set; } = new InterpolationRequest().Method;

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new InterpolationRequest(Steps, Method, Temperature, Seed);
        WriteObject(Call(() => LatentMoves.Interpolate(model, From, To, request)).Voices, enumerateCollection: true);
    }
}
