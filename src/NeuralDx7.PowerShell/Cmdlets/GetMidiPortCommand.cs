using System.Management.Automation;
using NeuralDx7.Midi;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Gets the MIDI ports you can send to (synths) and receive from (controllers).</summary>
/// <remarks>
/// Uses this system's MIDI transport unless -Transport names another: WinMM on Windows, CoreMIDI on macOS, and on
/// Linux JACK when a JACK server runs, else the ALSA sequencer.
/// </remarks>
/// <example>
/// <code>Get-MidiPort</code>
/// <para>Lists every port.</para>
/// </example>
/// <example>
/// <code>Get-MidiPort -Direction Destination -Transport jack</code>
/// <para>Lists the JACK ports a cartridge can be sent to.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "MidiPort")]
[OutputType(typeof(MidiPort))]
public sealed class GetMidiPortCommand : Dx7Cmdlet
{
    /// <summary>jack, alsa, winmm, coremidi or file; this system's by default.</summary>
    [Parameter]
    [ValidateSet("jack", "alsa", "winmm", "coremidi", "file")]
    public string? Transport { get; set; }

    /// <summary>Only ports to send to (Destination) or to receive from (Source).</summary>
    [Parameter]
    public MidiDirection? Direction { get; set; }

    /// <summary>Only ports whose name matches this pattern.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string? Name { get; set; }

    protected override void EndProcessing()
    {
        var pattern = Name is null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
        try
        {
            foreach (var port in MidiTransports.Get(Transport).ListPorts())
            {
                if ((Direction is null || port.Direction == Direction) && (pattern is null || pattern.IsMatch(port.Name)))
                {
                    WriteObject(port);
                }
            }
        }
        catch (MidiPortException e)
        {
            Fail(e, "MidiUnavailable", ErrorCategory.ResourceUnavailable, Transport);
        }
    }
}
