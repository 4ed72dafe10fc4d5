using System.Diagnostics;
using NeuralDx7.Codec;
using NeuralDx7.Midi;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Live;

/// <summary>What the live session did, for display.</summary>
/// <param name="Coordinates">Where the knobs were, in standard deviations along each principal axis.</param>
public sealed record LiveEvent(DateTime Time, string What, Dx7Voice? Voice, IReadOnlyList<double> Coordinates);

/// <summary>Settings of a live session.</summary>
/// <param name="Interval">At most one voice per interval: bursts of knob moves coalesce, the latest always sent.</param>
/// <param name="Temperature">Decoding temperature; 0 takes each parameter's most likely value.</param>
/// <param name="Channel">MIDI channel (1-16) of the single-voice messages, and of the control changes listened to (0: any).</param>
public sealed record LiveOptions(TimeSpan Interval, double Temperature = 0, int Channel = 1, int ListenChannel = 0)
{
    public static LiveOptions Default { get; } = new(TimeSpan.FromMilliseconds(40));
}

/// <summary>
/// The live controller: control changes from an input move a point through latent space; the voice the model
/// decodes there goes to the synth as a single-voice message (edit buffer), at most once per interval.
/// </summary>
public sealed class LiveSession(VoiceGenerator generator, LiveMapping mapping, IMidiInput input, IMidiOutput output, LiveOptions options)
{
    private readonly VoiceGenerator _generator = generator ?? throw new ArgumentNullException(nameof(generator));
    private readonly IMidiInput _input = input ?? throw new ArgumentNullException(nameof(input));
    private readonly IMidiOutput _output = output ?? throw new ArgumentNullException(nameof(output));
    private readonly LiveOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public LiveMapping Mapping { get; } = mapping ?? throw new ArgumentNullException(nameof(mapping));

    /// <summary>Voices sent so far.</summary>
    public int VoicesSent { get; private set; }

    /// <summary>Runs until cancelled, reporting each voice sent.</summary>
    public void Run(IProgress<LiveEvent>? events = null, CancellationToken cancellation = default)
    {
        // The first decode in a process compiles the decoder: done now, the first knob move answers in time.
        _generator.Decode(Mapping.Latent, _options.Temperature, new Nn.SeededRandom(0));
        var sinceSend = Stopwatch.StartNew();
        bool pending = false;
        while (!cancellation.IsCancellationRequested)
        {
            // Wait no longer than the rest of the interval when a voice is due.
            var wait = pending ? _options.Interval - sinceSend.Elapsed : TimeSpan.FromMilliseconds(100);
            if (wait > TimeSpan.Zero && _input.TryReceive(out byte[] message, wait, cancellation))
            {
                if (MessageAssembler.ControlChange(message) is var (channel, controller, value)
                    && (_options.ListenChannel == 0 || channel == _options.ListenChannel)
                    && Mapping.Apply(controller, value))
                {
                    pending = true;
                }

                continue;
            }

            if (pending && sinceSend.Elapsed >= _options.Interval)
            {
                var voice = SendCurrent();
                pending = false;
                sinceSend.Restart();
                events?.Report(new LiveEvent(DateTime.Now, $"sent '{voice.Name}' (algorithm {voice.Algorithm})", voice, [.. Mapping.Coordinates]));
            }
        }
    }

    /// <summary>Decodes the latent the knobs point at and sends it as a single-voice message.</summary>
    public Dx7Voice SendCurrent()
    {
        var voice = _generator.Decode(Mapping.Latent, _options.Temperature, new Nn.SeededRandom((ulong)VoicesSent + 1))[0];
        _output.Send(Dx7Writer.SingleVoice(voice, _options.Channel));
        _output.Flush();
        VoicesSent++;
        return voice;
    }

    /// <summary>Sends the control changes that put the knobs where <paramref name="voice"/> is (for motorised or LED controllers).</summary>
    public static IReadOnlyList<(int Controller, int Value)> SendKnobs(VoiceGenerator generator, LiveMapping mapping, Dx7Voice voice, IMidiOutput knobs, int channel)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(knobs);
        var values = mapping.KnobsFor(generator.Encode([voice])[0].Latent);
        foreach (var (controller, value) in values)
        {
            knobs.Send(MessageAssembler.ControlChangeMessage(channel, controller, value));
        }

        knobs.Flush();
        return values;
    }
}
