using System.Globalization;
using NeuralDx7.Midi;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Live;

/// <summary>Playing the model live: which ports, which knobs, how often, and where to start.</summary>
/// <param name="InputPort">The controller's port, whose knobs send control changes.</param>
/// <param name="OutputPort">The synth's port, which receives single-voice messages.</param>
/// <param name="Transport">jack, alsa, winmm or coremidi; null: this system's.</param>
/// <param name="StatisticsPath">Latent statistics to map the knobs along; null: the model's own.</param>
/// <param name="ControllerMap">CC numbers for the latent dimensions, in order; null: the first distinct ones received.</param>
/// <param name="FromVoice">Start with the knobs where this voice is: their positions are sent to <paramref name="KnobPort"/>.</param>
/// <param name="KnobPort">The controller's input, for <paramref name="FromVoice"/>'s knob positions.</param>
public sealed record LiveRequest(
    string InputPort, string OutputPort, string? Transport = null, string? StatisticsPath = null, IReadOnlyList<int>? ControllerMap = null,
    int IntervalMs = 40, int Channel = 1, double? Temperature = null, Dx7Voice? FromVoice = null, string? KnobPort = null)
{
    /// <summary>Live voices are each position's most likely voice unless told: the same knobs give the same sound.</summary>
    public const double DefaultTemperature = 0;

    /// <summary>The temperature voices are decoded at: the one asked for, or <see cref="DefaultTemperature"/>.</summary>
    public double SamplingTemperature => Temperature ?? DefaultTemperature;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputPort))
        {
            throw new InvalidRequestException(nameof(InputPort), "must name the controller's port.");
        }

        if (string.IsNullOrWhiteSpace(OutputPort))
        {
            throw new InvalidRequestException(nameof(OutputPort), "must name the synth's port.");
        }

        Check.Range(nameof(IntervalMs), IntervalMs, 1, 10_000);
        Check.Range(nameof(Channel), Channel, 1, 16);
        Check.Range(nameof(Temperature), SamplingTemperature, 0, Generation.GenerationRequest.MaxTemperature);
        if (ControllerMap is not null && (ControllerMap.Count == 0 || ControllerMap.Any(c => c is < 0 or > 127) || ControllerMap.Distinct().Count() != ControllerMap.Count))
        {
            throw new InvalidRequestException(nameof(ControllerMap), $"must be distinct CC numbers 0-127, not {string.Join(',', ControllerMap)}.");
        }

        if (FromVoice is not null && string.IsNullOrWhiteSpace(KnobPort))
        {
            throw new InvalidRequestException(nameof(KnobPort), "must name the controller's input port when starting from a voice: that is where the knob positions go.");
        }
    }

    /// <summary>A controller map as typed: CC numbers separated by commas ("74,71,91").</summary>
    public static IReadOnlyList<int> ParseControllerMap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var numbers = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            numbers.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int cc) ? cc
                : throw new InvalidRequestException(nameof(ControllerMap), $"must be CC numbers 0-127 separated by commas; '{part}' is not one."));
        }

        return numbers;
    }
}

/// <summary>What the live session tells the user as it starts.</summary>
/// <param name="Knobs">The control changes sent to put the knobs where the starting voice is; empty without one.</param>
public sealed record LiveStart(string Source, string Destination, IReadOnlyList<(int Controller, int Value)> Knobs);

/// <summary>Runs a live session until cancelled, the same way for <c>dx7 live</c> and <c>Start-Dx7Live</c>.</summary>
public static class LiveMode
{
    /// <summary>Opens the ports, places the knobs, and plays until <paramref name="cancellation"/> fires; returns the voices sent.</summary>
    public static int Run(ModelFolder model, LiveRequest request, Action<LiveStart> started, IProgress<LiveEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(started);
        request.Validate();
        var generator = model.Generator;
        var mapping = new LiveMapping(model.LiveStatistics(request.StatisticsPath), request.ControllerMap);
        var midi = MidiTransports.Get(request.Transport);
        using var synth = midi.OpenOutput(request.OutputPort);
        IReadOnlyList<(int, int)> knobs = [];
        if (request.FromVoice is { } voice)
        {
            using var controllerInput = midi.OpenOutput(request.KnobPort!);
            knobs = LiveSession.SendKnobs(generator, mapping, voice, controllerInput, request.Channel);
        }

        using var controller = midi.OpenInput(request.InputPort);
        var session = new LiveSession(generator, mapping, controller, synth,
            new LiveOptions(TimeSpan.FromMilliseconds(request.IntervalMs), request.SamplingTemperature, request.Channel));
        started(new LiveStart(controller.Source, synth.Destination, knobs));
        try
        {
            session.Run(events, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopped, as live mode always ends.
        }

        return session.VoicesSent;
    }
}
