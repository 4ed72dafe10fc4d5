using System.Management.Automation;
using NeuralDx7.Codec;
using NeuralDx7.Midi;
using NeuralDx7.Midi.Live;
using NeuralDx7.Model;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Plays the model live: a controller's knobs move through latent space and the synth follows.</summary>
/// <remarks>
/// The first 8 distinct control change numbers received (or -ControllerMap) drive the 8 latent dimensions along the
/// principal axes of the model's training voices, the first knob along the direction they vary most. Each change
/// decodes a voice and sends it as a single-voice message, at most one per -IntervalMs. With -FromVoice, the knobs are
/// first sent to where that voice is (for motorised or LED controllers, through -KnobPort). Ctrl+C stops.
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
public sealed class StartDx7LiveCommand : Dx7Cmdlet
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

    /// <summary>At most one voice per this many milliseconds.</summary>
    [Parameter]
    [ValidateRange(1, 10_000)]
    public int IntervalMs { get; set; } = 40;

    /// <summary>MIDI channel 1-16 of the voices sent.</summary>
    [Parameter]
    [ValidateRange(1, 16)]
    public int Channel { get; set; } = 1;

    /// <summary>Decoding temperature; 0 takes each parameter's most likely value.</summary>
    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double Temperature { get; set; }

    /// <summary>Start with the knobs where this voice is.</summary>
    [Parameter]
    public Dx7Voice? FromVoice { get; set; }

    /// <summary>The controller's input port, to send -FromVoice's knob positions to.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DestinationPortCompleter))]
    public string? KnobPort { get; set; }

    /// <summary>A model folder; the shipped model by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    /// <summary>jack, alsa, winmm or coremidi; this system's by default.</summary>
    [Parameter]
    [ValidateSet("jack", "alsa", "winmm", "coremidi")]
    public string? Transport { get; set; }

    protected override void EndProcessing()
    {
        if (!ShouldProcess(OutputPort, $"Play the model live from {InputPort}"))
        {
            return;
        }

        string folder = Model is null ? TrainedModel.FindShipped() ?? "" : ProviderPath(Model);
        var generator = new VoiceGenerator(LoadModel(Model).Model);
        string statistics = StatisticsPath is null ? System.IO.Path.Combine(folder, LatentStatisticsFile.Name) : ProviderPath(StatisticsPath);
        var mapping = new LiveMapping(LatentStatistics.Load(statistics), ControllerMap);
        try
        {
            var midi = MidiTransports.Get(Transport);
            using var synth = midi.OpenOutput(OutputPort);
            if (FromVoice is not null && KnobPort is not null)
            {
                using var knobs = midi.OpenOutput(KnobPort);
                LiveSession.SendKnobs(generator, mapping, FromVoice, knobs, Channel);
            }

            using var controller = midi.OpenInput(InputPort);
            var session = new LiveSession(generator, mapping, controller, synth, new LiveOptions(TimeSpan.FromMilliseconds(IntervalMs), Temperature, Channel));
            WriteVerbose($"{controller.Source} -> {synth.Destination}; Ctrl+C stops.");
            var events = Reporter<LiveEvent>(e => WriteObject(e));
            RunOnWorker(token => session.Run(events, token));
        }
        catch (MidiPortException e)
        {
            Fail(e, "MidiPort", ErrorCategory.ResourceUnavailable, InputPort);
        }
    }
}
