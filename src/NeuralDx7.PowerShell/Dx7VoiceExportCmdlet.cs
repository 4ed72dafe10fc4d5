using System.Management.Automation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell;

/// <summary>
/// What the cmdlets that write piped voices to files share: the voices, gathered until the pipeline ends (a cartridge
/// or a numbering needs them all), -Force to overwrite and -PassThru to output the files written.
/// </summary>
public abstract class Dx7VoiceExportCmdlet : Dx7Cmdlet
{
    private readonly List<Dx7Voice> _voices = [];

    /// <summary>Voices to write; from the pipeline, or the Voice property of other NeuralDx7 objects (repair results, latents).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Voice")]
    public Dx7Voice[] InputObject { get; set; } = [];

    /// <summary>Overwrite files that exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the files written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Every voice piped in so far.</summary>
    protected IReadOnlyList<Dx7Voice> Voices => _voices;

    protected override void ProcessRecord() => _voices.AddRange(InputObject);
}
