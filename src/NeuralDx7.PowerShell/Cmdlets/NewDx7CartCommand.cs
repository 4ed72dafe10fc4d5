using System.Management.Automation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Creates new DX7 voices with the neural network, 32 by default: a whole new cartridge.</summary>
/// <remarks>
/// Voices are decoded from points drawn from the model's prior; every parameter is taken from its valid range,
/// so every voice is valid. The same -Seed gives the same voices. -Temperature above 0 samples each parameter
/// instead of taking the most likely value. The shipped model (models/dx7-vae) is used unless -Model names another.
/// </remarks>
/// <example>
/// <code>New-Dx7Cart | Export-Syx ./cart.syx</code>
/// <para>A new cartridge from the shipped model.</para>
/// </example>
/// <example>
/// <code>New-Dx7Cart -Count 64 -Seed 7 -Temperature 0.5 | Export-Syx ./two-carts.syx</code>
/// <para>64 more varied voices in two numbered cartridges, reproducibly.</para>
/// </example>
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
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    protected override void EndProcessing()
    {
        ulong seed = Seed ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
        var generator = new VoiceGenerator(LoadModel(Model).Model) { Label = "dx7-vae" };
        WriteObject(generator.Sample(Count, seed, Temperature), enumerateCollection: true);
    }
}
