using System.Runtime.InteropServices;

namespace NeuralDx7.Midi.Transports;

/// <summary>The ALSA sequencer API of libasound (alsa/seq.h, seqmid.h, seq_event.h) that NeuralDx7 uses.</summary>
internal static unsafe partial class AlsaNative
{
    private const string Library = "asound";

    public const int OpenDuplex = 3; // SND_SEQ_OPEN_DUPLEX
    public const uint CapRead = 1 << 0, CapWrite = 1 << 1, CapSubsRead = 1 << 5, CapSubsWrite = 1 << 6;
    public const uint TypeMidiGeneric = 1 << 1, TypeApplication = 1 << 20;
    public const byte QueueDirect = 253; // SND_SEQ_QUEUE_DIRECT
    public const byte AddressSubscribers = 254; // SND_SEQ_ADDRESS_SUBSCRIBERS
    public const byte AddressUnknown = 253; // SND_SEQ_ADDRESS_UNKNOWN

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_seq_open(out nint handle, string name, int streams, int mode);

    [LibraryImport(Library)]
    public static partial int snd_seq_close(nint handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_seq_set_client_name(nint handle, string name);

    [LibraryImport(Library)]
    public static partial int snd_seq_client_id(nint handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_seq_create_simple_port(nint handle, string name, uint caps, uint type);

    [LibraryImport(Library)]
    public static partial int snd_seq_connect_to(nint handle, int myPort, int destinationClient, int destinationPort);

    [LibraryImport(Library)]
    public static partial int snd_seq_connect_from(nint handle, int myPort, int sourceClient, int sourcePort);

    [LibraryImport(Library)]
    public static partial int snd_seq_nonblock(nint handle, int nonblock);

    [LibraryImport(Library)]
    public static partial int snd_seq_client_info_malloc(out nint info);

    [LibraryImport(Library)]
    public static partial void snd_seq_client_info_free(nint info);

    [LibraryImport(Library)]
    public static partial void snd_seq_client_info_set_client(nint info, int client);

    [LibraryImport(Library)]
    public static partial int snd_seq_client_info_get_client(nint info);

    [LibraryImport(Library)]
    public static partial nint snd_seq_client_info_get_name(nint info);

    [LibraryImport(Library)]
    public static partial int snd_seq_query_next_client(nint handle, nint info);

    [LibraryImport(Library)]
    public static partial int snd_seq_port_info_malloc(out nint info);

    [LibraryImport(Library)]
    public static partial void snd_seq_port_info_free(nint info);

    [LibraryImport(Library)]
    public static partial void snd_seq_port_info_set_client(nint info, int client);

    [LibraryImport(Library)]
    public static partial void snd_seq_port_info_set_port(nint info, int port);

    [LibraryImport(Library)]
    public static partial int snd_seq_port_info_get_port(nint info);

    [LibraryImport(Library)]
    public static partial nint snd_seq_port_info_get_name(nint info);

    [LibraryImport(Library)]
    public static partial uint snd_seq_port_info_get_capability(nint info);

    [LibraryImport(Library)]
    public static partial int snd_seq_query_next_port(nint handle, nint info);

    [LibraryImport(Library)]
    public static partial int snd_seq_event_output_direct(nint handle, AlsaSequencerEvent* @event);

    // int snd_seq_event_input(snd_seq_t *, snd_seq_event_t **ev): the event is owned by the library.
    [LibraryImport(Library)]
    public static partial int snd_seq_event_input(nint handle, AlsaSequencerEvent** @event);
}
