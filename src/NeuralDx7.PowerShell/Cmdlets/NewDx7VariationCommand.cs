using System.Management.Automation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>New-Dx7Variation: variations of each piped voice, sampled around where the encoder puts it.</summary>
[Cmdlet(VerbsCommon.New, "Dx7Variation")]
[OutputType(typeof(Dx7Voice))]
public sealed class NewDx7VariationCommand : Dx7Cmdlet
{
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

    [Parameter]
    public ulong? Seed { get; set; }

    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double Temperature { get; set; }

    [Parameter]
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
