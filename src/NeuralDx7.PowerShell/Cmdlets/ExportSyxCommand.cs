using System.Management.Automation;
using NeuralDx7.Codec;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Writes voices from the pipeline to a DX7 file: a 32-voice bulk dump, single-voice messages, or a MIDI file.</summary>
/// <remarks>
/// 32 voices make one bulk dump; fewer are padded with the INIT VOICE, more go to numbered files (cart-1.syx, cart-2.syx, ...).
/// An existing file is never overwritten without -Force (nothing is written if any of the files exists), and every file
/// is written to a temporary name and renamed into place, so an interrupted export leaves no half-written file. A .mid path writes a Standard MIDI File.
/// </remarks>
/// <example>
/// <code>New-Dx7Cart -Seed 1 | Export-Syx ./cart.syx</code>
/// <para>Makes a new cartridge from the shipped model.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx -Index 0 | Export-Syx ./brass.syx -Format Single -Channel 2</code>
/// <para>Writes one voice as a single-voice message for the synth's edit buffer, on MIDI channel 2.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./damaged.syx | Repair-Dx7Voice | Export-Syx ./fixed.syx -WhatIf</code>
/// <para>Shows what would be written after bringing every value into range.</para>
/// </example>
[Cmdlet(VerbsData.Export, "Syx", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSyxCommand : Dx7VoiceExportCmdlet
{
    /// <summary>The file to write (.syx; .mid writes a Standard MIDI File).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>Bulk (32-voice dumps, the default), Single (one message per voice) or Smf (a MIDI file).</summary>
    [Parameter]
    public Dx7FileFormat? Format { get; set; }

    /// <summary>MIDI channel 1-16 in the messages.</summary>
    [Parameter]
    [ValidateRange(1, 16)]
    public int Channel { get; set; } = 1;

    protected override void EndProcessing()
    {
        string path = ProviderPath(Path);
        var format = Format ?? Dx7File.FormatFromExtension(path);
        var plan = ExportPlan.Create(path, Voices, format);
        // All or nothing, as Export-Dx7Audio: one file that exists stops the export before anything is written.
        if (!Force && plan.Select(p => p.Path).FirstOrDefault(File.Exists) is string existing)
        {
            Fail(new IOException($"{existing} already exists; use -Force to overwrite it. Nothing was written."), "FileExists", ErrorCategory.ResourceExists, existing);
        }

        foreach (var (file, voices) in plan)
        {
            if (!ShouldProcess(file, $"Write {voices.Count} voice(s) as {format}"))
            {
                continue;
            }

            Call(() => Dx7File.Write(file, voices, format, Channel, overwrite: Force), file);
            if (PassThru)
            {
                WriteObject(new FileInfo(file));
            }
        }
    }
}
