using System.Management.Automation;
using NeuralDx7.Codec;
using NeuralDx7.Midi;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Sends voices, cartridges or raw sysex to a synth: Dexed, a hardware DX7, anything that takes DX7 sysex.</summary>
/// <remarks>
/// Piped voices in whole cartridges (32, 64, ...) go out as bulk dumps, which replace all 32 voice memories of the synth;
/// fewer go as single-voice messages into its edit buffer, so no memory is overwritten with padding. -AsCartridge sends
/// fewer than 32 as a bulk dump all the same (the rest INIT VOICE) and -AsSingleVoice sends a whole cartridge voice by
/// voice. -Path sends a .syx file's messages as they are; -InputObject
/// also takes byte arrays of complete sysex messages. -DelayMs pauses between messages and -MidiRate paces data to MIDI's
/// 31,250 baud, for hardware DX7s and interfaces that drop fast sysex. -WhatIf shows what would be sent.
/// </remarks>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx -Index 3 | Send-MidiSysex -Port Dexed</code>
/// <para>Loads one voice into Dexed's edit buffer.</para>
/// </example>
/// <example>
/// <code>New-Dx7Cart -Seed 9 | Send-MidiSysex -Port 'USB MIDI' -MidiRate -DelayMs 200</code>
/// <para>Sends a new cartridge to a hardware DX7 at MIDI speed.</para>
/// </example>
/// <example>
/// <code>Send-MidiSysex -Port Dexed -Path ./cart.syx -WhatIf</code>
/// <para>Shows what sending a file would do.</para>
/// </example>
[Cmdlet(VerbsCommunications.Send, "MidiSysex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = InputSet)]
[OutputType(typeof(void))]
public sealed class SendMidiSysexCommand : Dx7Cmdlet
{
    private const string InputSet = "Input";
    private const string PathSet = "Path";
    private readonly List<Dx7Voice> _voices = [];
    private readonly List<byte[]> _raw = [];

    /// <summary>The port to send to: its exact name, or a part that matches one port (see Get-MidiPort).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(DestinationPortCompleter))]
    public string Port { get; set; } = "";

    /// <summary>Voices, or byte arrays of complete sysex messages, from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = InputSet)]
    [Alias("Voice")]
    public object[] InputObject { get; set; } = [];

    /// <summary>A .syx file whose messages are sent as they are.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    public string Path { get; set; } = "";

    /// <summary>Send each voice as a single-voice message (edit buffer), even a whole cartridge.</summary>
    [Parameter(ParameterSetName = InputSet)]
    public SwitchParameter AsSingleVoice { get; set; }

    /// <summary>Send the voices as 32-voice bulk dumps even when they are fewer (the rest INIT VOICE): replaces every voice memory of the synth.</summary>
    [Parameter(ParameterSetName = InputSet)]
    public SwitchParameter AsCartridge { get; set; }

    /// <summary>MIDI channel 1-16 of the messages made from voices.</summary>
    [Parameter]
    [ValidateRange(1, 16)]
    public int Channel { get; set; } = 1;

    /// <summary>Pause after each message, in milliseconds.</summary>
    [Parameter]
    [ValidateRange(0, 60_000)]
    public int DelayMs { get; set; }

    /// <summary>Pace the data to MIDI's 31,250 baud.</summary>
    [Parameter]
    public SwitchParameter MidiRate { get; set; }

    /// <summary>jack, alsa, winmm, coremidi or file; this system's by default.</summary>
    [Parameter]
    [ValidateSet("jack", "alsa", "winmm", "coremidi", "file")]
    public string? Transport { get; set; }

    protected override void ProcessRecord()
    {
        foreach (object item in InputObject)
        {
            switch (item is PSObject wrapped ? wrapped.BaseObject : item)
            {
                case Dx7Voice voice:
                    _voices.Add(voice);
                    break;
                case byte[] bytes:
                    _raw.Add(bytes);
                    break;
                default:
                    WriteError(new ErrorRecord(new ArgumentException($"Send-MidiSysex takes DX7 voices or byte arrays, not {item.GetType().Name}."),
                        "UnsupportedInput", ErrorCategory.InvalidType, item));
                    break;
            }
        }
    }

    protected override void EndProcessing()
    {
        if (AsSingleVoice && AsCartridge)
        {
            Fail(new ArgumentException("-AsSingleVoice and -AsCartridge ask for opposite things: give one of them."), "InvalidAsSingleVoice", ErrorCategory.InvalidArgument, null);
        }

        var messages = new List<byte[]>(_raw);
        if (ParameterSetName == PathSet)
        {
            messages.AddRange(SysexMessages.Split(IO.BoundedFile.ReadAllBytes(ProviderPath(Path), Codec.Dx7Reader.MaxFileBytes, "a sysex file")));
        }
        else if (AsCartridge || (!AsSingleVoice && _voices.Count > 0 && _voices.Count % Dx7Cartridge.VoiceCount == 0))
        {
            messages.AddRange(Dx7Cartridge.Split(_voices).Select(c => Dx7Writer.BulkDump(c, Channel)));
        }
        else
        {
            messages.AddRange(_voices.Select(v => Dx7Writer.SingleVoice(v, Channel)));
            if (_voices.Count > 1 && !AsSingleVoice)
            {
                WriteWarning($"{_voices.Count} voices are not a whole cartridge, so each goes to the synth's edit buffer in turn and only the last stays there; -AsCartridge sends them as a bulk dump, replacing every voice memory.");
            }
        }

        bool bulk = messages.Any(m => m.Length == Sysex.BulkLength);
        string action = bulk ? $"Replace all 32 voice memories: send {messages.Count} sysex message(s), {messages.Sum(m => m.Length)} bytes"
            : $"Send {messages.Count} sysex message(s), {messages.Sum(m => m.Length)} bytes";
        if (messages.Count == 0 || !ShouldProcess(Port, action))
        {
            return;
        }

        try
        {
            // The file transport's port is a file: PowerShell's current location, not the process's, is where it goes.
            using var output = MidiTransports.Get(Transport).OpenOutput(string.Equals(Transport, "file", StringComparison.OrdinalIgnoreCase) ? ProviderPath(Port) : Port);
            string destination = output.Destination;
            var progress = Reporter<(long Sent, long Total)>(sent => WriteSendProgress(destination, sent));
            RunOnWorker(token => SysexSender.Send(output, messages, new SysexPacing(TimeSpan.FromMilliseconds(DelayMs), MidiRate), progress, token));
            WriteVerbose($"Sent {messages.Count} message(s) to {output.Destination}.");
        }
        catch (MidiPortException e)
        {
            Fail(e, "MidiPort", ErrorCategory.ResourceUnavailable, Port);
        }
        catch (IO.FileExistsException e)
        {
            Fail(new IOException($"{e.Path} already exists: the file transport writes a new file each time; name another.", e), "FileExists", ErrorCategory.ResourceExists, e.Path);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: PowerShell is stopping the pipeline.
        }
    }

    private void WriteSendProgress(string port, (long Sent, long Total) value) =>
        WriteProgress(new ProgressRecord(1, $"Sending to {port}", $"{value.Sent} of {value.Total} bytes")
        {
            PercentComplete = (int)(100 * value.Sent / Math.Max(1, value.Total)),
            RecordType = value.Sent >= value.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        });
}
