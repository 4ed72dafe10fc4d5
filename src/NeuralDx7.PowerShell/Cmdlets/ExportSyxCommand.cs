using System.Management.Automation;
using NeuralDx7.Codec;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>
/// Export-Syx: voices from the pipeline to a DX7 file. 32 voices make a bulk dump; fewer are padded with the
/// INIT VOICE, more make numbered files. Never overwrites without -Force; every file is written atomically.
/// </summary>
[Cmdlet(VerbsData.Export, "Syx", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSyxCommand : Dx7Cmdlet
{
    private readonly List<Dx7Voice> _voices = [];

    /// <summary>The file to write (.syx; .mid writes a Standard MIDI File).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>Voices to write; from the pipeline, or the Voice property of repair results.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Voice")]
    public Dx7Voice[] InputObject { get; set; } = [];

    /// <summary>Bulk (32-voice dumps, the default), Single (one message per voice) or Smf (a MIDI file).</summary>
    [Parameter]
    public Dx7FileFormat? Format { get; set; }

    /// <summary>MIDI channel 1-16 in the messages.</summary>
    [Parameter]
    [ValidateRange(1, 16)]
    public int Channel { get; set; } = 1;

    /// <summary>Overwrite files that exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the files written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => _voices.AddRange(InputObject);

    protected override void EndProcessing()
    {
        string path = ProviderPath(Path);
        var format = Format ?? Dx7File.FormatFromExtension(path);
        foreach (var (file, voices) in ExportPlan.Create(path, _voices, format))
        {
            if (File.Exists(file) && !Force)
            {
                WriteError(new ErrorRecord(new IOException($"{file} already exists; use -Force to overwrite it."), "FileExists", ErrorCategory.ResourceExists, file));
                continue;
            }

            if (!ShouldProcess(file, $"Write {voices.Count} voice(s) as {format}"))
            {
                continue;
            }

            try
            {
                Dx7File.Write(file, voices, format, Channel, overwrite: Force);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Validation.InvalidVoiceException)
            {
                WriteError(new ErrorRecord(e, "WriteFailed", e is Validation.InvalidVoiceException ? ErrorCategory.InvalidData : ErrorCategory.WriteError, file));
                continue;
            }

            if (PassThru)
            {
                WriteObject(new FileInfo(file));
            }
        }
    }
}
