using System.Management.Automation;
using NeuralDx7.Application.Generation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Gets where the model's encoder puts each voice: posterior mean and deviation, and the decoder's latent.</summary>
/// <remarks>
/// The Latent property is the point the decoder reads; it is what live mode and interpolation move through. Unit is the
/// same point as numbers from 0 to 1 along the axes of the training voices (0.5 their middle), as New-Dx7Cart -Latent
/// takes them.
/// </remarks>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx | Get-Dx7Latent | Select-Object Name, Latent</code>
/// <para>The latent coordinates of every voice of a cartridge.</para>
/// </example>
/// <example>
/// <code>$unit = (Get-Dx7Voice ./ROM1A.syx -Index 10 | Get-Dx7Latent).Unit; $unit[0] = 0.9; New-Dx7Cart -Latent $unit</code>
/// <para>E.PIANO 1's latent, moved along the first axis, decoded into a voice.</para>
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
        foreach (var code in Call(() => model.Generator.Encode(_voices)))
        {
            // Unit: the latent as New-Dx7Cart -Latent takes it, numbers from 0 to 1 along the training voices' axes.
            var item = PSObject.AsPSObject(code);
            item.Properties.Add(new PSNoteProperty("Unit", UnitLatent.Of(model, code.Latent)));
            WriteObject(item);
        }
    }
}
