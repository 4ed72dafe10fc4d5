using System.Management.Automation;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Repair-Dx7Voice: each value clamped into its range, with every change listed. Pipe on to Export-Syx.</summary>
[Cmdlet(VerbsDiagnostic.Repair, "Dx7Voice")]
[OutputType(typeof(VoiceRepair))]
public sealed class RepairDx7VoiceCommand : Dx7Cmdlet
{
    /// <summary>Voices to repair, from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Voice")]
    public Dx7Voice[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var voice in InputObject)
        {
            WriteObject(VoiceRepair.Of(voice));
        }
    }
}
