using System.Management.Automation;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Repairs voices by clamping each value into its range, listing every change.</summary>
/// <remarks>
/// Outputs one result per voice with the Original, the repaired Voice and the Changes. Export-Syx takes the
/// repaired voice from the Voice property, so the two compose in a pipeline.
/// </remarks>
/// <example>
/// <code>Get-Dx7Voice ./old.syx | Repair-Dx7Voice | Where-Object Changed | Format-Table</code>
/// <para>Shows what clamping would change.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./old.syx | Repair-Dx7Voice | Export-Syx ./old-fixed.syx</code>
/// <para>Writes the repaired cartridge.</para>
/// </example>
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
