using System.Management.Automation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Get-Dx7Latent: where the model's encoder puts each voice (posterior mean, deviation, decoder latent).</summary>
[Cmdlet(VerbsCommon.Get, "Dx7Latent")]
[OutputType(typeof(LatentCode))]
public sealed class GetDx7LatentCommand : Dx7Cmdlet
{
    private readonly List<Dx7Voice> _voices = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Voice")]
    public Dx7Voice[] InputObject { get; set; } = [];

    [Parameter]
    public string? Model { get; set; }

    protected override void ProcessRecord() => _voices.AddRange(InputObject);

    // Encoded together at the end: batches run far faster than one voice at a time.
    protected override void EndProcessing() =>
        WriteObject(new VoiceGenerator(LoadModel(Model).Model).Encode(_voices), enumerateCollection: true);
}
