using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NeuralDx7.Midi.Transports;

/// <summary>
/// MIDI through the Windows multimedia API (winmm.dll, mmeapi.h): devices listed by name, sysex sent with
/// midiOutLongMsg on a prepared MIDIHDR, received through a callback into a ring read by the user thread.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WinMmTransport : IMidiTransport
{
    public string Name => "winmm";

    public IReadOnlyList<MidiPort> ListPorts()
    {
        var ports = new List<MidiPort>();
        for (uint i = 0; i < WinMm.midiOutGetNumDevs(); i++)
        {
            ports.Add(new MidiPort(WinMm.OutputName(i), MidiDirection.Destination, Name));
        }

        for (uint i = 0; i < WinMm.midiInGetNumDevs(); i++)
        {
            ports.Add(new MidiPort(WinMm.InputName(i), MidiDirection.Source, Name));
        }

        return ports;
    }

    public IMidiOutput OpenOutput(string port)
    {
        var chosen = PortSelector.Select(ListPorts(), port, MidiDirection.Destination);
        uint device = (uint)Enumerable.Range(0, (int)WinMm.midiOutGetNumDevs()).First(i => WinMm.OutputName((uint)i) == chosen.Name);
        return new WinMmOutput(device, chosen.Name);
    }

    public IMidiInput OpenInput(string port)
    {
        var chosen = PortSelector.Select(ListPorts(), port, MidiDirection.Source);
        uint device = (uint)Enumerable.Range(0, (int)WinMm.midiInGetNumDevs()).First(i => WinMm.InputName((uint)i) == chosen.Name);
        return new WinMmInput(device, chosen.Name);
    }

    private sealed unsafe class WinMmOutput : IMidiOutput
    {
        private readonly nint _handle;
        private bool _disposed;

        public WinMmOutput(uint device, string name)
        {
            WinMm.Check(WinMm.midiOutOpen(out _handle, device, 0, 0, WinMm.CallbackNull), $"open {name}");
            Destination = name;
        }

        public string Destination { get; }

        public void Send(ReadOnlySpan<byte> message)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (message.Length <= 3 && message.Length > 0 && message[0] != 0xF0)
            {
                uint packed = 0;
                for (int i = 0; i < message.Length; i++)
                {
                    packed |= (uint)message[i] << (8 * i);
                }

                WinMm.Check(WinMm.midiOutShortMsg(_handle, packed), "send a short message");
                return;
            }

            // midiOutLongMsg returns at once; the header stays prepared until the driver sets MHDR_DONE.
            nint data = Marshal.AllocHGlobal(message.Length);
            try
            {
                message.CopyTo(new Span<byte>((void*)data, message.Length));
                var header = new WinMm.MidiHeader { Data = data, BufferLength = (uint)message.Length, BytesRecorded = (uint)message.Length };
                WinMm.Check(WinMm.midiOutPrepareHeader(_handle, &header, (uint)sizeof(WinMm.MidiHeader)), "prepare sysex");
                WinMm.Check(WinMm.midiOutLongMsg(_handle, &header, (uint)sizeof(WinMm.MidiHeader)), "send sysex");
                while ((Volatile.Read(ref header.Flags) & WinMm.HeaderDone) == 0)
                {
                    Thread.Sleep(1);
                }

                WinMm.Check(WinMm.midiOutUnprepareHeader(_handle, &header, (uint)sizeof(WinMm.MidiHeader)), "release sysex");
            }
            finally
            {
                Marshal.FreeHGlobal(data);
            }
        }

        public void Flush(CancellationToken cancellation = default)
        {
            // Send waits for MHDR_DONE: the driver has the data when it returns.
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _ = WinMm.midiOutClose(_handle); // nothing to do if closing fails
            }
        }
    }

    private sealed unsafe class WinMmInput : IMidiInput
    {
        private const int BufferBytes = 8192;
        private readonly nint _handle;
        private readonly ByteRing _ring = new(1 << 20);
        private readonly RingInbox _inbox;
        private readonly WinMm.MidiHeader* _header;
        private GCHandle _self;
        private int _returned;
        private bool _disposed;

        public WinMmInput(uint device, string name)
        {
            _inbox = new RingInbox(_ring);
            Source = name;
            _self = GCHandle.Alloc(this);
            WinMm.Check(WinMm.midiInOpen(out _handle, device, (nint)(delegate* unmanaged[Stdcall]<nint, uint, nint, nint, nint, void>)&Callback,
                GCHandle.ToIntPtr(_self), WinMm.CallbackFunction), $"open {name}");
            _header = (WinMm.MidiHeader*)NativeMemory.AllocZeroed((nuint)sizeof(WinMm.MidiHeader));
            _header->Data = (nint)NativeMemory.Alloc(BufferBytes);
            _header->BufferLength = BufferBytes;
            WinMm.Check(WinMm.midiInPrepareHeader(_handle, _header, (uint)sizeof(WinMm.MidiHeader)), "prepare the sysex buffer");
            WinMm.Check(WinMm.midiInAddBuffer(_handle, _header, (uint)sizeof(WinMm.MidiHeader)), "add the sysex buffer");
            WinMm.Check(WinMm.midiInStart(_handle), $"start {name}");
        }

        public string Source { get; }

        public bool TryReceive(out byte[] message, TimeSpan timeout, CancellationToken cancellation = default) =>
            _inbox.TryReceive(out message, timeout, cancellation, ReturnSysexBuffer);

        // The callback may not call midiInAddBuffer; the sysex buffer it handed back returns to the driver from here.
        private void ReturnSysexBuffer()
        {
            if (Interlocked.Exchange(ref _returned, 0) == 1)
            {
                _ = WinMm.midiInAddBuffer(_handle, _header, (uint)sizeof(WinMm.MidiHeader));
            }
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _ = WinMm.midiInStop(_handle);
            _ = WinMm.midiInReset(_handle); // returns the pending buffer
            _ = WinMm.midiInUnprepareHeader(_handle, _header, (uint)sizeof(WinMm.MidiHeader));
            _ = WinMm.midiInClose(_handle);
            NativeMemory.Free((void*)_header->Data);
            NativeMemory.Free(_header);
            _self.Free();
        }

        // MidiInProc: short messages arrive packed in dwParam1, sysex in the returned header.
        [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvStdcall)])]
        private static void Callback(nint handle, uint message, nint instance, nint parameter1, nint parameter2)
        {
            var self = (WinMmInput)GCHandle.FromIntPtr(instance).Target!;
            if (message == WinMm.MimData)
            {
                uint packed = (uint)parameter1;
                Span<byte> bytes = [(byte)packed, (byte)(packed >> 8), (byte)(packed >> 16)];
                self._ring.TryWriteMessage(bytes[..Math.Max(1, MessageAssembler.ShortMessageLength(bytes[0]))]);
            }
            else if (message == WinMm.MimLongData)
            {
                var header = (WinMm.MidiHeader*)parameter1;
                if (header->BytesRecorded > 0)
                {
                    self._ring.TryWriteMessage(new ReadOnlySpan<byte>((void*)header->Data, (int)header->BytesRecorded));
                }

                Volatile.Write(ref self._returned, 1);
            }
        }
    }
}

/// <summary>winmm.dll as declared in mmeapi.h.</summary>
[SupportedOSPlatform("windows")]
internal static unsafe partial class WinMm
{
    private const string Library = "winmm";

    public const uint CallbackNull = 0x00000000; // CALLBACK_NULL
    public const uint CallbackFunction = 0x00030000; // CALLBACK_FUNCTION
    public const uint MimData = 0x3C3; // MIM_DATA
    public const uint MimLongData = 0x3C4; // MIM_LONGDATA
    public const uint HeaderDone = 0x00000001; // MHDR_DONE

    /// <summary>MIDIHDR: lpData, dwBufferLength, dwBytesRecorded, dwUser, dwFlags, lpNext, reserved, dwOffset, dwReserved[8].</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MidiHeader
    {
        public nint Data;
        public uint BufferLength;
        public uint BytesRecorded;
        public nint User;
        public uint Flags;
        public nint Next;
        public nint Reserved;
        public uint Offset;
        public Reserved8 ReservedWords;
    }

    [InlineArray(8)]
    public struct Reserved8
    {
        private nint _element;
    }

    /// <summary>MIDIOUTCAPSW: wMid, wPid, vDriverVersion, szPname[32], wTechnology, wVoices, wNotes, wChannelMask, dwSupport.</summary>
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public struct MidiOutCaps
    {
        public ushort Manufacturer;
        public ushort Product;
        public uint DriverVersion;
        public Name32 Name;
        public ushort Technology;
        public ushort Voices;
        public ushort Notes;
        public ushort ChannelMask;
        public uint Support;
    }

    /// <summary>MIDIINCAPSW: wMid, wPid, vDriverVersion, szPname[32], dwSupport.</summary>
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public struct MidiInCaps
    {
        public ushort Manufacturer;
        public ushort Product;
        public uint DriverVersion;
        public Name32 Name;
        public uint Support;
    }

    [InlineArray(32)]
    public struct Name32
    {
        private char _element;
    }

    [LibraryImport(Library)]
    public static partial uint midiOutGetNumDevs();

    [LibraryImport(Library)]
    public static partial uint midiOutGetDevCapsW(nuint deviceId, MidiOutCaps* caps, uint size);

    [LibraryImport(Library)]
    public static partial uint midiOutOpen(out nint handle, uint deviceId, nint callback, nint instance, uint flags);

    [LibraryImport(Library)]
    public static partial uint midiOutShortMsg(nint handle, uint message);

    [LibraryImport(Library)]
    public static partial uint midiOutPrepareHeader(nint handle, MidiHeader* header, uint size);

    [LibraryImport(Library)]
    public static partial uint midiOutLongMsg(nint handle, MidiHeader* header, uint size);

    [LibraryImport(Library)]
    public static partial uint midiOutUnprepareHeader(nint handle, MidiHeader* header, uint size);

    [LibraryImport(Library)]
    public static partial uint midiOutClose(nint handle);

    [LibraryImport(Library)]
    public static partial uint midiInGetNumDevs();

    [LibraryImport(Library)]
    public static partial uint midiInGetDevCapsW(nuint deviceId, MidiInCaps* caps, uint size);

    [LibraryImport(Library)]
    public static partial uint midiInOpen(out nint handle, uint deviceId, nint callback, nint instance, uint flags);

    [LibraryImport(Library)]
    public static partial uint midiInPrepareHeader(nint handle, MidiHeader* header, uint size);

    [LibraryImport(Library)]
    public static partial uint midiInUnprepareHeader(nint handle, MidiHeader* header, uint size);

    [LibraryImport(Library)]
    public static partial uint midiInAddBuffer(nint handle, MidiHeader* header, uint size);

    [LibraryImport(Library)]
    public static partial uint midiInStart(nint handle);

    [LibraryImport(Library)]
    public static partial uint midiInStop(nint handle);

    [LibraryImport(Library)]
    public static partial uint midiInReset(nint handle);

    [LibraryImport(Library)]
    public static partial uint midiInClose(nint handle);

    public static string OutputName(uint device)
    {
        MidiOutCaps caps;
        Check(midiOutGetDevCapsW(device, &caps, (uint)sizeof(MidiOutCaps)), "read an output device's name");
        return Text(caps.Name);
    }

    public static string InputName(uint device)
    {
        MidiInCaps caps;
        Check(midiInGetDevCapsW(device, &caps, (uint)sizeof(MidiInCaps)), "read an input device's name");
        return Text(caps.Name);
    }

    public static void Check(uint result, string what)
    {
        if (result != 0)
        {
            throw new MidiPortException($"WinMM could not {what} (MMRESULT {result}).");
        }
    }

    private static string Text(Name32 name)
    {
        ReadOnlySpan<char> chars = name;
        int end = chars.IndexOf('\0');
        return new string(end < 0 ? chars : chars[..end]);
    }
}
