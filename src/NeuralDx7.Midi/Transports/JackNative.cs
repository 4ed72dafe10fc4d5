using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDx7.Midi.Transports;

/// <summary>The part of libjack NeuralDx7 uses; signatures as in jack/jack.h, jack/types.h and jack/midiport.h.</summary>
internal static unsafe partial class JackNative
{
    private const string Library = "jack";

    public const string MidiType = "8 bit raw midi"; // JACK_DEFAULT_MIDI_TYPE
    public const int NoStartServer = 0x01; // JackNoStartServer
    public const uint PortIsInput = 0x1; // JackPortIsInput
    public const uint PortIsOutput = 0x2; // JackPortIsOutput

    /// <summary>jack_midi_event_t: time, size, buffer (size_t and a pointer: native-sized).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MidiEvent
    {
        public uint Time;
        public nuint Size;
        public byte* Buffer;
    }

    // jack_client_t *jack_client_open(const char *client_name, jack_options_t options, jack_status_t *status, ...);
    // Called with no variadic arguments, which every supported ABI passes like a fixed-argument call.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint jack_client_open(string clientName, int options, out int status);

    [LibraryImport(Library)]
    public static partial int jack_client_close(nint client);

    [LibraryImport(Library)]
    public static partial int jack_activate(nint client);

    [LibraryImport(Library)]
    public static partial int jack_deactivate(nint client);

    // int jack_set_process_callback(jack_client_t *, JackProcessCallback, void *arg); JackProcessCallback: int (*)(jack_nframes_t, void *)
    [LibraryImport(Library)]
    public static partial int jack_set_process_callback(nint client, delegate* unmanaged[Cdecl]<uint, nint, int> callback, nint arg);

    // void jack_set_error_function(void (*func)(const char *));
    [LibraryImport(Library)]
    public static partial void jack_set_error_function(delegate* unmanaged[Cdecl]<nint, void> function);

    [LibraryImport(Library)]
    public static partial void jack_set_info_function(delegate* unmanaged[Cdecl]<nint, void> function);

    // jack_port_t *jack_port_register(jack_client_t *, const char *port_name, const char *port_type, unsigned long flags, unsigned long buffer_size);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint jack_port_register(nint client, string portName, string portType, CULong flags, CULong bufferSize);

    [LibraryImport(Library)]
    public static partial nint jack_port_get_buffer(nint port, uint frames);

    [LibraryImport(Library)]
    public static partial nint jack_port_name(nint port);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int jack_connect(nint client, string sourcePort, string destinationPort);

    // const char **jack_get_ports(jack_client_t *, const char *port_name_pattern, const char *type_name_pattern, unsigned long flags);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint jack_get_ports(nint client, string? namePattern, string? typePattern, CULong flags);

    [LibraryImport(Library)]
    public static partial void jack_free(nint pointer);

    [LibraryImport(Library)]
    public static partial uint jack_midi_get_event_count(nint portBuffer);

    [LibraryImport(Library)]
    public static partial int jack_midi_event_get(MidiEvent* @event, nint portBuffer, uint index);

    [LibraryImport(Library)]
    public static partial void jack_midi_clear_buffer(nint portBuffer);

    [LibraryImport(Library)]
    public static partial nuint jack_midi_max_event_size(nint portBuffer);

    // jack_midi_data_t *jack_midi_event_reserve(void *port_buffer, jack_nframes_t time, size_t data_size);
    [LibraryImport(Library)]
    public static partial byte* jack_midi_event_reserve(nint portBuffer, uint time, nuint size);

    /// <summary>Names from a NULL-terminated array that jack_get_ports returned; frees it.</summary>
    public static List<string> TakeNames(nint array)
    {
        var names = new List<string>();
        if (array == 0)
        {
            return names;
        }

        for (nint* p = (nint*)array; *p != 0; p++)
        {
            names.Add(Marshal.PtrToStringUTF8(*p) ?? "");
        }

        jack_free(array);
        return names;
    }

    /// <summary>Keeps libjack's messages off the user's terminal; our errors say what went wrong.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Quiet(nint message)
    {
    }
}
