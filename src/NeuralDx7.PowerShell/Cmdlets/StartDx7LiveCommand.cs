using System.Management.Automation;
using NeuralDx7.Application.Live;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Plays the model live: a controller's knobs move through latent space and the synth follows.</summary>
/// <remarks>
/// The first 8 distinct control change numbers received (or -ControllerMap) drive the 8 latent dimensions along the
/// principal axes of the model's training voices, the first knob along the direction they vary most. Each change
/// decodes a voice and sends it as a single-voice message, at most one per -IntervalMs. With -FromVoice, the knobs are
/// first sent to where that voice is (for motorised or LED controllers, through -KnobPort, which it needs). Ctrl+C stops.
/// </remarks>
/// <example>
/// <code>Start-Dx7Live -InputPort nanoKONTROL -OutputPort Dexed</code>
/// <para>Turn the first eight knobs you touch; Dexed plays the voice they point at.</para>
/// </example>
/// <example>
/// <code>Start-Dx7Live -InputPort 'Arturia' -OutputPort 'DX7' -ControllerMap 74,71,91,93,73,72,5,84 -Transport jack</code>
/// <para>A fixed knob assignment over JACK.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Start, "Dx7Live", SupportsShouldProcess = true)]
[OutputType(typeof(LiveEvent))]
public sealed class StartDx7LiveCommand : Dx7SamplingCmdlet
{
    /// <summary>The controller's port, whose knobs send control changes.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(SourcePortCompleter))]
    public string InputPort { get; set; } = "";

    /// <summary>The synth's port, which receives single-voice messages.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(DestinationPortCompleter))]
    public string OutputPort { get; set; } = "";

    /// <summary>CC numbers for the latent dimensions, in order; by default the first distinct ones received.</summary>
    [Parameter]
    public int[]? ControllerMap { get; set; }

    /// <summary>Latent statistics (from Measure-Dx7Latent); by default the model's own.</summary>
    [Parameter]
    public string? StatisticsPath { get; set; }

    /// <summary>At most one voice per this many milliseconds (1-10000).</summary>
    [Parameter]
    public int IntervalMs { get; set; } = new LiveRequest("", "").IntervalMs;

    /// <summary>MIDI channel 1-16 of the voices sent.</summary>
    [Parameter]
    public int Channel { get; set; } = new LiveRequest("", "").Channel;

    /// <summary>Start with the knobs where this voice is: their positions are sent to -KnobPort, which it needs.</summary>
    [Parameter]
    public Dx7Voice? FromVoice { get; set; }

    /// <summary>The controller's input port, to send -FromVoice's knob positions to.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DestinationPortCompleter))]
    public string? KnobPort { get; set; }

    /// <summary>jack, alsa, winmm or coremidi; this system's by default.</summary>
    [Parameter]
    [ValidateSet("jack", "alsa", "winmm", "coremidi")]
    public string? Transport { get; set; }

    protected override void EndProcessing()
    {
        // The file transport's ports are files: relative to PowerShell's current location, not the process's.
        bool files = string.Equals(Transport, "file", StringComparison.OrdinalIgnoreCase);
        var request = new LiveRequest(files ? ProviderPath(InputPort) : InputPort, files ? ProviderPath(OutputPort) : OutputPort, Transport, StatisticsPath is null ? null : ProviderPath(StatisticsPath), ControllerMap,
            IntervalMs, Channel, Temperature, FromVoice, KnobPort);
        Call(request.Validate);
        if (!ShouldProcess(OutputPort, $"Play the model live from {InputPort}"))
        {
            return;
        }

        var model = OpenModel();
        var started = Reporter<LiveStart>(start => WriteVerbose($"{start.Source} -> {start.Destination}; Ctrl+C stops."));
        var events = Reporter<LiveEvent>(e => WriteObject(e));
        Call(() => RunOnWorker(token => LiveMode.Run(model, request, started.Report, events, token)), InputPort);
    }
}
