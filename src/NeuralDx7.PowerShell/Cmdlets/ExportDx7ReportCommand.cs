using System.Management.Automation;
using NeuralDx7.Application;
using NeuralDx7.Application.Reports;
using NeuralDx7.Model;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Writes a listening page for voices from the pipeline: hear each one and see its structure before loading a synth.</summary>
/// <remarks>
/// One self-contained HTML file that works offline: for each voice its algorithm drawn as a diagram, its operators'
/// frequencies and envelopes, and a player for each -Notes key rendered by the built-in DX7 engine (22.05 kHz), with a
/// badge on a voice that is silent or never stops. With the model (the shipped one unless -Model names another), a map
/// of where the voices are in its latent space; with -TrainingData, each voice's nearest training voice and how many
/// parameters differ. The page offers the cartridge for download. It is written to a temporary file and renamed into
/// place; an existing file is kept unless -Force.
/// </remarks>
/// <example>
/// <code>New-Dx7Cart | Export-Dx7Report ./today.html</code>
/// <para>A new cartridge, as a page to listen to.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx | Export-Dx7Report ./rom1a.html -Notes 48, 60, 72 -Title 'ROM1A'</code>
/// <para>A factory cartridge at three keys.</para>
/// </example>
[Cmdlet(VerbsData.Export, "Dx7Report", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDx7ReportCommand : Dx7VoiceExportCmdlet
{
    /// <summary>The HTML file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>MIDI keys to play each voice at (60 is middle C); up to 8.</summary>
    [Parameter]
    public int[] Notes { get; set; } = [60];

    /// <summary>The page's heading; by default the file's name.</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>A model folder to place the voices in; the shipped model by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    /// <summary>The data the model was trained on (a folder, file or data set): shows each voice's nearest training voice.</summary>
    [Parameter]
    public string? TrainingData { get; set; }

    protected override void EndProcessing()
    {
        string file = ProviderPath(Path);
        var request = new ReportRequest(Notes, Title, TrainingData is null ? null : ProviderPath(TrainingData));
        Call(request.Validate);
        Call(() => IO.AtomicFile.CheckWritable(file, Force), file);

        if (!ShouldProcess(file, $"Write a listening page for {Voices.Count} voice(s)"))
        {
            return;
        }

        string? folder = Model is not null ? ProviderPath(Model) : TrainedModel.FindShipped();
        var model = folder is null ? null : Call(() => ModelFolder.Open(folder), Model);
        var progress = Progress("Rendering the listening page");
        Call(() => RunOnWorker(token => CartReport.Write(file, Voices, request, model, Force, progress, token)), file);
        if (PassThru)
        {
            WriteObject(new FileInfo(file));
        }
    }
}
