namespace NeuralDx7.Midi;

/// <summary>
/// Chooses a port by what the user typed: the exact name first, then the same name ignoring case, then a
/// unique substring. None or several matches is an error that lists the ports, so the user can pick.
/// </summary>
public static class PortSelector
{
    public static MidiPort Select(IReadOnlyList<MidiPort> ports, string request, MidiDirection direction)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(request);
        var candidates = ports.Where(p => p.Direction == direction).ToList();
        string kind = direction == MidiDirection.Destination ? "to send to" : "to receive from";
        if (candidates.Count == 0)
        {
            throw new MidiPortException($"There are no MIDI ports {kind}. Is the synth or controller running and connected?");
        }

        var exact = candidates.Where(p => p.Name == request).ToList();
        if (exact.Count == 1)
        {
            return exact[0];
        }

        var ignoringCase = candidates.Where(p => string.Equals(p.Name, request, StringComparison.OrdinalIgnoreCase)).ToList();
        if (ignoringCase.Count == 1)
        {
            return ignoringCase[0];
        }

        var containing = candidates.Where(p => p.Name.Contains(request, StringComparison.OrdinalIgnoreCase)).ToList();
        return containing.Count switch
        {
            1 => containing[0],
            0 => throw new MidiPortException($"No MIDI port {kind} matches '{request}'. The ports are:{List(candidates)}"),
            _ => throw new MidiPortException($"'{request}' matches {containing.Count} MIDI ports {kind}; give more of the name:{List(containing)}"),
        };
    }

    private static string List(IEnumerable<MidiPort> ports) => string.Concat(ports.Select(p => Environment.NewLine + "  " + p.Name));
}
