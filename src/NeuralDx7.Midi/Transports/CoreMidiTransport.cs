using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NeuralDx7.Midi.Transports;

/// <summary>
/// MIDI through CoreMIDI (macOS): endpoints listed by display name; sysex sent with MIDISendSysex (asynchronous,
/// waited on), short messages with MIDISend; input through a read callback into a ring.
/// </summary>
[SupportedOSPlatform("macos")]
public sealed class CoreMidiTransport : IMidiTransport
{
    public string Name => "coremidi";

    public IReadOnlyList<MidiPort> ListPorts()
    {
        NativeLibraries.EnsureRegistered();
        var ports = new List<MidiPort>();
        for (nuint i = 0; i < CoreMidi.MIDIGetNumberOfDestinations(); i++)
        {
            ports.Add(new MidiPort(CoreMidi.DisplayName(CoreMidi.MIDIGetDestination(i)), MidiDirection.Destination, Name));
        }

        for (nuint i = 0; i < CoreMidi.MIDIGetNumberOfSources(); i++)
        {
            ports.Add(new MidiPort(CoreMidi.DisplayName(CoreMidi.MIDIGetSource(i)), MidiDirection.Source, Name));
        }

        return ports;
    }

    public IMidiOutput OpenOutput(string port)
    {
        var chosen = PortSelector.Select(ListPorts(), port, MidiDirection.Destination);
        for (nuint i = 0; i < CoreMidi.MIDIGetNumberOfDestinations(); i++)
        {
            uint endpoint = CoreMidi.MIDIGetDestination(i);
            if (CoreMidi.DisplayName(endpoint) == chosen.Name)
            {
                return new CoreMidiOutput(endpoint, chosen.Name);
            }
        }

        throw new MidiPortException($"{chosen.Name} went away.");
    }

    public IMidiInput OpenInput(string port)
    {
        var chosen = PortSelector.Select(ListPorts(), port, MidiDirection.Source);
        for (nuint i = 0; i < CoreMidi.MIDIGetNumberOfSources(); i++)
        {
            uint endpoint = CoreMidi.MIDIGetSource(i);
            if (CoreMidi.DisplayName(endpoint) == chosen.Name)
            {
                return new CoreMidiInput(endpoint, chosen.Name);
            }
        }

        throw new MidiPortException($"{chosen.Name} went away.");
    }

    private sealed unsafe class CoreMidiOutput : IMidiOutput
    {
        private readonly uint _client, _port, _destination;
        private bool _disposed;

        public CoreMidiOutput(uint destination, string name)
        {
            _destination = destination;
            Destination = name;
            _client = CoreMidi.CreateClient();
            nint portName = CoreMidi.CreateString("NeuralDx7 out");
            try
            {
                CoreMidi.Check(CoreMidi.MIDIOutputPortCreate(_client, portName, out _port), "create an output port");
            }
            finally
            {
                CoreMidi.CFRelease(portName);
            }
        }

        public string Destination { get; }

        public void Send(ReadOnlySpan<byte> message)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (message.Length > 0 && message[0] == 0xF0)
            {
                // MIDISendSysex is asynchronous: the data and the request must stay put until 'complete' is set.
                byte* data = (byte*)NativeMemory.Alloc((nuint)message.Length);
                var request = (CoreMidi.SysexSendRequest*)NativeMemory.AllocZeroed((nuint)sizeof(CoreMidi.SysexSendRequest));
                try
                {
                    message.CopyTo(new Span<byte>(data, message.Length));
                    request->Destination = _destination;
                    request->Data = data;
                    request->BytesToSend = (uint)message.Length;
                    CoreMidi.Check(CoreMidi.MIDISendSysex(request), "send sysex");
                    while (Volatile.Read(ref request->Complete) == 0)
                    {
                        Thread.Sleep(1);
                    }
                }
                finally
                {
                    NativeMemory.Free(request);
                    NativeMemory.Free(data);
                }

                return;
            }

            CoreMidi.PacketList list = default;
            list.NumPackets = 1;
            list.Length = (ushort)Math.Min(message.Length, 256);
            message[..list.Length].CopyTo(list.Data);
            CoreMidi.Check(CoreMidi.MIDISend(_port, _destination, &list), "send a short message");
        }

        public void Flush(CancellationToken cancellation = default)
        {
            // Send waits for each sysex request to complete.
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _ = CoreMidi.MIDIPortDispose(_port); // best effort: the client's disposal frees it anyway
                _ = CoreMidi.MIDIClientDispose(_client);
            }
        }
    }

    private sealed unsafe class CoreMidiInput : IMidiInput
    {
        private readonly uint _client, _port;
        private readonly ByteRing _ring = new(1 << 20);
        private readonly RingInbox _inbox;
        private GCHandle _self;
        private bool _disposed;

        public CoreMidiInput(uint source, string name)
        {
            _inbox = new RingInbox(_ring);
            Source = name;
            _self = GCHandle.Alloc(this);
            _client = CoreMidi.CreateClient();
            nint portName = CoreMidi.CreateString("NeuralDx7 in");
            try
            {
                CoreMidi.Check(CoreMidi.MIDIInputPortCreate(_client, portName, &Read, GCHandle.ToIntPtr(_self), out _port), "create an input port");
                CoreMidi.Check(CoreMidi.MIDIPortConnectSource(_port, source, 0), $"connect to {name}");
            }
            finally
            {
                CoreMidi.CFRelease(portName);
            }
        }

        public string Source { get; }

        public bool TryReceive(out byte[] message, TimeSpan timeout, CancellationToken cancellation = default) =>
            _inbox.TryReceive(out message, timeout, cancellation);

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _ = CoreMidi.MIDIPortDispose(_port);
                _ = CoreMidi.MIDIClientDispose(_client);
                _self.Free();
            }
        }

        // MIDIReadProc(const MIDIPacketList *, void *readProcRefCon, void *srcConnRefCon): packets into the ring.
        [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
        private static void Read(CoreMidi.PacketList* list, nint reference, nint connection)
        {
            var self = (CoreMidiInput)GCHandle.FromIntPtr(reference).Target!;
            byte* packet = (byte*)list + CoreMidi.FirstPacketOffset;
            for (uint i = 0; i < list->NumPackets; i++)
            {
                ushort length = *(ushort*)(packet + CoreMidi.PacketLengthOffset);
                self._ring.TryWriteMessage(new ReadOnlySpan<byte>(packet + CoreMidi.PacketDataOffset, length));
                packet = CoreMidi.NextPacket(packet, length);
            }
        }
    }
}

/// <summary>CoreMIDI and the CoreFoundation strings it names things with (MIDIServices.h, CFString.h).</summary>
[SupportedOSPlatform("macos")]
internal static unsafe partial class CoreMidi
{
    private const string Library = "coremidi";
    private const string Foundation = "corefoundation";
    private const uint Utf8 = 0x08000100; // kCFStringEncodingUTF8

    // MIDIPacketList is #pragma pack(4): numPackets, then packets of { UInt64 timeStamp; UInt16 length; Byte data[256] }.
    public const int FirstPacketOffset = 4;
    public const int PacketLengthOffset = 8;
    public const int PacketDataOffset = 10;

    /// <summary>MIDISysexSendRequest: destination, data, bytesToSend, complete, reserved[3], completionProc, completionRefCon.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SysexSendRequest
    {
        public uint Destination;
        public byte* Data;
        public uint BytesToSend;
        public byte Complete;
        public byte Reserved0, Reserved1, Reserved2;
        public nint CompletionProc;
        public nint CompletionRefCon;
    }

    /// <summary>A MIDIPacketList holding one packet, laid out as the pack(4) header declares it.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 4 + 8 + 2 + 256)]
    public struct PacketList
    {
        [FieldOffset(0)] public uint NumPackets;
        [FieldOffset(4)] public ulong TimeStamp;
        [FieldOffset(12)] public ushort Length;
        [FieldOffset(14)] private Packet256 _data;

        [System.Diagnostics.CodeAnalysis.UnscopedRef]
        public Span<byte> Data => _data;
    }

    [InlineArray(256)]
    public struct Packet256
    {
        private byte _element;
    }

    [LibraryImport(Library)]
    public static partial int MIDIClientCreate(nint name, nint notifyProc, nint notifyRefCon, out uint client);

    [LibraryImport(Library)]
    public static partial int MIDIClientDispose(uint client);

    [LibraryImport(Library)]
    public static partial int MIDIOutputPortCreate(uint client, nint portName, out uint port);

    [LibraryImport(Library)]
    public static partial int MIDIInputPortCreate(uint client, nint portName, delegate* unmanaged[Cdecl]<PacketList*, nint, nint, void> readProc, nint refCon, out uint port);

    [LibraryImport(Library)]
    public static partial int MIDIPortConnectSource(uint port, uint source, nint connectionRefCon);

    [LibraryImport(Library)]
    public static partial int MIDIPortDispose(uint port);

    [LibraryImport(Library)]
    public static partial nuint MIDIGetNumberOfDestinations();

    [LibraryImport(Library)]
    public static partial uint MIDIGetDestination(nuint index);

    [LibraryImport(Library)]
    public static partial nuint MIDIGetNumberOfSources();

    [LibraryImport(Library)]
    public static partial uint MIDIGetSource(nuint index);

    [LibraryImport(Library)]
    public static partial int MIDIObjectGetStringProperty(uint obj, nint propertyId, out nint value);

    [LibraryImport(Library)]
    public static partial int MIDISendSysex(SysexSendRequest* request);

    [LibraryImport(Library)]
    public static partial int MIDISend(uint port, uint destination, PacketList* packets);

    [LibraryImport(Foundation)]
    public static partial nint CFStringCreateWithCString(nint allocator, byte* text, uint encoding);

    [LibraryImport(Foundation)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool CFStringGetCString(nint text, byte* buffer, nint size, uint encoding);

    [LibraryImport(Foundation)]
    public static partial void CFRelease(nint value);

    public static uint CreateClient()
    {
        nint name = CreateString("NeuralDx7");
        try
        {
            Check(MIDIClientCreate(name, 0, 0, out uint client), "create a MIDI client");
            return client;
        }
        finally
        {
            CFRelease(name);
        }
    }

    public static nint CreateString(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\0");
        fixed (byte* p = bytes)
        {
            return CFStringCreateWithCString(0, p, Utf8);
        }
    }

    /// <summary>An endpoint's kMIDIPropertyDisplayName (an exported CFStringRef constant of CoreMIDI).</summary>
    public static string DisplayName(uint endpoint)
    {
        nint library = NativeLibrary.Load("/System/Library/Frameworks/CoreMIDI.framework/CoreMIDI");
        nint property = *(nint*)NativeLibrary.GetExport(library, "kMIDIPropertyDisplayName");
        if (MIDIObjectGetStringProperty(endpoint, property, out nint value) != 0 || value == 0)
        {
            return $"endpoint {endpoint}";
        }

        try
        {
            byte* buffer = stackalloc byte[512];
            return CFStringGetCString(value, buffer, 512, Utf8) ? Marshal.PtrToStringUTF8((nint)buffer) ?? "" : $"endpoint {endpoint}";
        }
        finally
        {
            CFRelease(value);
        }
    }

    /// <summary>MIDIPacketNext: just past the data, rounded up to 4 bytes on ARM.</summary>
    public static byte* NextPacket(byte* packet, ushort length)
    {
        nint next = (nint)(packet + PacketDataOffset + length);
        return RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? (byte*)((next + 3) & ~(nint)3) : (byte*)next;
    }

    public static void Check(int status, string what)
    {
        if (status != 0)
        {
            throw new MidiPortException($"CoreMIDI could not {what} (OSStatus {status}).");
        }
    }
}
