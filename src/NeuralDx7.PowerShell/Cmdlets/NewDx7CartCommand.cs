using System.Management.Automation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>New-Dx7Cart: new voices from the model's prior. <c>New-Dx7Cart | Export-Syx cart.syx</c> makes a cartridge.</summary>
[Cmdlet(VerbsCommon.New, "Dx7Cart")]
[OutputType(typeof(Dx7Voice))]
public sealed class NewDx7CartCommand : Dx7Cmdlet
{
    /// <summary>How many voices (32 fill one cartridge).</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, 100_000)]
    public int Count { get; set; } = 32;

    /// <summary>The same seed gives the same voices; without one, a random seed is used (shown in each voice's Source).</summary>
    [Parameter]
    public ulong? Seed { get; set; }

    /// <summary>0 takes each parameter's most likely value; above 0 samples, more varied as it grows.</summary>
    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double Temperature { get; set; }

    /// <summary>A model folder; the shipped model by default.</summary>
    [Parameter]
    public string? Model { get; set; }

    protected override void EndProcessing()
    {
        ulong seed = Seed ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
        var generator = new VoiceGenerator(LoadModel(Model).Model) { Label = "dx7-vae" };
        WriteObject(generator.Sample(Count, seed, Temperature), enumerateCollection: true);
    }
}
