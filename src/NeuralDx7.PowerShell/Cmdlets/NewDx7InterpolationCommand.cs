using System.Management.Automation;
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
public sealed class NewDx7InterpolationCommand : Dx7Cmdlet
{
    /// <summary>The first voice.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public Dx7Voice From { get; set; } = Dx7Voice.Init;

    /// <summary>The last voice.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public Dx7Voice To { get; set; } = Dx7Voice.Init;

    /// <summary>Voices along the way, both ends included.</summary>
    [Parameter]
    [ValidateRange(2, 10_000)]
    public int Steps { get; set; } = 32;

    /// <summary>Linear, or Slerp (along the great circle, the default).</summary>
    [Parameter]
    public InterpolationMethod Method { get; set; } = InterpolationMethod.Slerp;

    /// <summary>0 takes each parameter's most likely value; above 0 samples, more varied as it grows.</summary>
    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double Temperature { get; set; }

    /// <summary>A model folder (made by Invoke-Dx7Training or dx7 train); the shipped models/dx7-vae by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    protected override void EndProcessing()
    {
        var generator = new VoiceGenerator(LoadModel(Model).Model);
        var voices = generator.Interpolate(From, To, Steps, Method, Temperature);
        WriteObject(voices.Select((v, i) => v.WithOrigin($"{From.Name} to {To.Name}", i)), enumerateCollection: true);
    }
}
