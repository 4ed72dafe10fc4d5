using System.Management.Automation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Gets where the model's encoder puts each voice: posterior mean and deviation, and the decoder's latent.</summary>
/// <remarks>The Latent property is the point the decoder reads; it is what live mode and interpolation move through.</remarks>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx | Get-Dx7Latent | Select-Object Name, Latent</code>
/// <para>The latent coordinates of every voice of a cartridge.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "Dx7Latent")]
[OutputType(typeof(LatentCode))]
public sealed class GetDx7LatentCommand : Dx7ModelCmdlet
{
    private readonly List<Dx7Voice> _voices = [];

    /// <summary>Voices, from the pipeline or the Voice property of piped objects.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Voice")]
    public Dx7Voice[] InputObject { get; set; } = [];

    protected override void ProcessRecord() => _voices.AddRange(InputObject);

    // Encoded together at the end: batches run far faster than one voice at a time.
    protected override void EndProcessing()
    {
        var model = OpenModel();
        WriteObject(Call(() => model.Generator.Encode(_voices)), enumerateCollection: true);
    }
}
