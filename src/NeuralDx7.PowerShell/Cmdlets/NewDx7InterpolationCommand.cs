using System.Management.Automation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>New-Dx7Interpolation: voices moving from one voice to another through the model's latent space.</summary>
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

    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double Temperature { get; set; }

    [Parameter]
    public string? Model { get; set; }

    protected override void EndProcessing()
    {
        var generator = new VoiceGenerator(LoadModel(Model).Model);
        var voices = generator.Interpolate(From, To, Steps, Method, Temperature);
        WriteObject(voices.Select((v, i) => v.WithOrigin($"{From.Name} to {To.Name}", i)), enumerateCollection: true);
    }
}
