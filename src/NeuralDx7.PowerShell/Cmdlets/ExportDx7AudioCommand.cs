using System.Management.Automation;
using NeuralDx7.Synth;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Renders voices from the pipeline to 16-bit WAV files with the built-in DX7 engine, to hear them before loading a synth.</summary>
/// <remarks>
/// Each voice plays one key: held for -Hold seconds, then released for -Release seconds. A -Path ending in .wav takes
/// one voice; any other path is a folder that gets voice00.wav, voice01.wav, ... (voices read from a file keep their
/// index). Every target is checked before the first is written, existing files are kept unless -Force, and each file
/// is written to a temporary name and renamed into place, so Ctrl+C never leaves a half-written WAV.
/// </remarks>
/// <example>
/// <code>New-Dx7Cart -Seed 7 | Export-Dx7Audio -Path ./preview</code>
/// <para>Auditions a new cartridge: 32 WAV files, voice00.wav to voice31.wav.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx -Index 0 | Export-Dx7Audio ./brass.wav -Note 48 -Hold 2</code>
/// <para>Renders BRASS 1 an octave below middle C, held for two seconds.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./carts/*.syx | Where-Object Algorithm -eq 5 | Export-Dx7Audio ./alg5 -WhatIf</code>
/// <para>Shows which files would be written for every voice on algorithm 5.</para>
/// </example>
[Cmdlet(VerbsData.Export, "Dx7Audio", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDx7AudioCommand : Dx7VoiceExportCmdlet
{
    /// <summary>A folder for voice00.wav, voice01.wav, ...; or a .wav file for a single voice.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>The MIDI key to play; 60 is middle C.</summary>
    [Parameter]
    [ValidateRange(0, 127)]
    public int Note { get; set; } = AuditionOptions.Default.Note;

    /// <summary>MIDI velocity 1-127.</summary>
    [Parameter]
    [ValidateRange(1, 127)]
    public int Velocity { get; set; } = AuditionOptions.Default.Velocity;

    /// <summary>Seconds the key is held.</summary>
    [Parameter]
    public double Hold { get; set; } = AuditionOptions.Default.HoldSeconds;

    /// <summary>Seconds rendered after the key goes up.</summary>
    [Parameter]
    public double Release { get; set; } = AuditionOptions.Default.ReleaseSeconds;

    /// <summary>Sample rate in Hz.</summary>
    [Parameter]
    public int SampleRate { get; set; } = AuditionOptions.Default.SampleRate;

    protected override void EndProcessing()
    {
        var options = new AuditionOptions { Note = Note, Velocity = Velocity, HoldSeconds = Hold, ReleaseSeconds = Release, SampleRate = SampleRate };
        IReadOnlyList<AudioFile> plan;
        try
        {
            options.Validate();
            plan = AudioExport.Plan(Voices, ProviderPath(Path));
        }
        catch (ArgumentException e)
        {
            Fail(e, "BadAuditionRequest", ErrorCategory.InvalidArgument, Path);
            return;
        }

        if (!Force && plan.FirstOrDefault(f => File.Exists(f.Path)) is { } existing)
        {
            Fail(new IOException($"{existing.Path} already exists; use -Force to overwrite it. Nothing was written."), "FileExists", ErrorCategory.ResourceExists, existing.Path);
        }

        var chosen = plan.Where(f => ShouldProcess(f.Path, $"Render '{f.Voice.Name}' to WAV")).ToList();
        var progress = Progress("Rendering voices to WAV");
        try
        {
            var rendered = new Counted(done => progress.Report((done, chosen.Count)));
            RunOnWorker(token => AudioExport.Write(chosen, options, Force, rendered, token));
        }
        catch (OperationCanceledException)
        {
            return; // Ctrl+C: files already renamed into place are whole; PowerShell is stopping the pipeline.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e, "WriteFailed", ErrorCategory.WriteError, Path);
        }

        if (PassThru)
        {
            foreach (var file in chosen)
            {
                WriteObject(new FileInfo(file.Path));
            }
        }
    }

    /// <summary>Files rendered so far, as progress (written on the pipeline thread by <see cref="Dx7Cmdlet.Progress"/>).</summary>
    private sealed class Counted(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
