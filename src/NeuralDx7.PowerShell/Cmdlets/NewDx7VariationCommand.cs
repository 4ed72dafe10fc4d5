using System.Management.Automation;
using NeuralDx7.Model.Generation;
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
public sealed class NewDx7VariationCommand : Dx7Cmdlet
{
    /// <summary>Voices, from the pipeline or the Voice property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Voice")]
    public Dx7Voice[] InputObject { get; set; } = [];

    /// <summary>Variations per voice.</summary>
    [Parameter]
    [ValidateRange(1, 10_000)]
    public int Count { get; set; } = 32;

    /// <summary>How far from the voice, in posterior standard deviations.</summary>
    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public double Spread { get; set; } = 1.0;

    /// <summary>The same seed gives the same result; without one, a random seed is used.</summary>
    [Parameter]
    public ulong? Seed { get; set; }

    /// <summary>0 takes each parameter's most likely value; above 0 samples, more varied as it grows.</summary>
    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double Temperature { get; set; }

    /// <summary>A model folder (made by Invoke-Dx7Training or dx7 train); the shipped models/dx7-vae by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    protected override void ProcessRecord()
    {
        var generator = new VoiceGenerator(LoadModel(Model).Model);
        foreach (var voice in InputObject)
        {
            ulong seed = Seed ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
            var variations = generator.Vary(voice, Count, Spread, seed, Temperature);
            WriteObject(variations.Select((v, i) => v.WithOrigin($"{voice.Name} varied, seed {seed}", i)), enumerateCollection: true);
        }
    }
}
