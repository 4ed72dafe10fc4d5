using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static NeuralDx7.Midi.Transports.JackNative;

namespace NeuralDx7.Midi.Transports;

/// <summary>
/// MIDI through a JACK server (Linux, macOS, Windows): what the original NeuralDX7 used, and the MIDI server that
/// runs on a machine without a sound card (jackd -d dummy). Messages cross to JACK's real-time thread through
/// fixed rings; the process callback neither locks nor allocates.
/// </summary>
public sealed class JackTransport : IMidiTransport
{
    public string Name => "jack";

    public IReadOnlyList<MidiPort> ListPorts()
    {
        using var client = JackClient.Open("neuraldx7-list");
        return client.Ports();
    }

    public IMidiOutput OpenOutput(string port)
    {
        var client = JackClient.Open("neuraldx7");
        try
        {
            var destination = PortSelector.Select(client.Ports(), port, MidiDirection.Destination);
            return client.StartOutput(destination.Name);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>An output port of our own, connected to nothing (its Destination is its own name, for others to connect from).</summary>
    public static IMidiOutput CreateOutput() => JackClient.Open("neuraldx7").StartOutput(null);

    /// <summary>An input port of our own, connected to nothing (its Source is its own name, for others to connect to).</summary>
    public static IMidiInput CreateInput() => JackClient.Open("neuraldx7").StartInput(null);

    public IMidiInput OpenInput(string port)
    {
        var client = JackClient.Open("neuraldx7");
        try
        {
            var source = PortSelector.Select(client.Ports(), port, MidiDirection.Source);
            return client.StartInput(source.Name);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>One JACK client with one MIDI port, out or in; it is the output or input it opens.</summary>
    private sealed unsafe class JackClient : IMidiOutput, IMidiInput
    {
        private const int RingBytes = 1 << 20;

        // Sysex longer than this goes out as several events (F0 in the first, F7 in the last), as JACK documents:
        // receivers with small buffers (jack_midi_dump takes 4096 bytes) still see every byte.
        private const int MaxEventBytes = 1024;

        private readonly nint _client;
        private readonly ByteRing _ring = new(RingBytes);
        private readonly RingInbox _inbox;
        private GCHandle _self;
        private nint _port;
        private bool _isOutput;
        private int _sentOfCurrent; // output: bytes of the ring's first message already given to JACK
        private long _cycles;
        private long _dropped;
        private bool _disposed;

        private JackClient(nint client)
        {
            _client = client;
            _inbox = new RingInbox(_ring);
        }

        public string Destination { get; private set; } = "";

        public string Source { get; private set; } = "";

        public static JackClient Open(string name)
        {
            NativeLibraries.EnsureRegistered();
            try
            {
                jack_set_error_function(&Quiet);
                jack_set_info_function(&Quiet);
                // JACK client names are unique per server: process id and a random tag keep ours apart.
                nint client = jack_client_open($"{name}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40], NoStartServer, out int status);
                if (client == 0)
                {
                    throw new MidiPortException($"Cannot reach a JACK server (status 0x{status:X}). Start one first, e.g. 'jackd -d dummy -p 2048' or with QjackCtl.");
                }

                return new JackClient(client);
            }
            catch (DllNotFoundException)
            {
                throw new MidiPortException("The JACK library (libjack) is not installed; install JACK (Debian: apt-get install jackd2) or choose another transport.");
            }
        }

        public List<MidiPort> Ports()
        {
            string own = Marshal.PtrToStringUTF8(jack_port_name(_port)) ?? "\0";
            var ports = TakeNames(jack_get_ports(_client, null, MidiType, new CULong(PortIsInput)))
                .Where(n => n != own).Select(n => new MidiPort(n, MidiDirection.Destination, "jack"))
                .Concat(TakeNames(jack_get_ports(_client, null, MidiType, new CULong(PortIsOutput)))
                    .Where(n => n != own).Select(n => new MidiPort(n, MidiDirection.Source, "jack")));
            return [.. ports];
        }

        public JackClient StartOutput(string? destination)
        {
            _isOutput = true;
            Register("out", PortIsOutput);
            if (destination is not null)
            {
                Connect(OwnName(), destination);
            }

            Destination = destination ?? OwnName();
            return this;
        }

        public JackClient StartInput(string? source)
        {
            Register("in", PortIsInput);
            if (source is not null)
            {
                Connect(source, OwnName());
            }

            Source = source ?? OwnName();
            return this;
        }

        public void Send(ReadOnlySpan<byte> message)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (!_ring.TryWriteMessage(message))
            {
                if (message.Length + 4 > _ring.Capacity)
                {
                    throw new ArgumentException($"A {message.Length}-byte message is larger than JACK output's {_ring.Capacity}-byte queue.");
                }

                Thread.Sleep(1); // the callback is draining the ring
            }
        }

        public void Flush(CancellationToken cancellation = default)
        {
            while (!_ring.IsEmpty)
            {
                cancellation.ThrowIfCancellationRequested();
                Thread.Sleep(1);
            }

            // Two more cycles: the last chunk has been handed to JACK, and JACK has delivered it.
            long target = Volatile.Read(ref _cycles) + 2;
            while (Volatile.Read(ref _cycles) < target)
            {
                cancellation.ThrowIfCancellationRequested();
                Thread.Sleep(1);
            }
        }

        public bool TryReceive(out byte[] message, TimeSpan timeout, CancellationToken cancellation = default) =>
            _inbox.TryReceive(out message, timeout, cancellation);

        /// <summary>Messages lost because the input ring was full (the reader fell behind).</summary>
        public long Dropped => Interlocked.Read(ref _dropped);

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            // Closing is best effort: the client is gone either way, and JACK reports nothing we could act on.
            _ = jack_deactivate(_client);
            _ = jack_client_close(_client);
            if (_self.IsAllocated)
            {
                _self.Free();
            }
        }

        private void Register(string name, uint flags)
        {
            _port = jack_port_register(_client, name, MidiType, new CULong(flags), new CULong(0));
            if (_port == 0)
            {
                throw new MidiPortException("JACK refused to register a MIDI port.");
            }

            _self = GCHandle.Alloc(this);
            if (jack_set_process_callback(_client, &Process, GCHandle.ToIntPtr(_self)) != 0 || jack_activate(_client) != 0)
            {
                throw new MidiPortException("JACK refused to activate the NeuralDx7 client.");
            }
        }

        private string OwnName() => Marshal.PtrToStringUTF8(jack_port_name(_port)) ?? "";

        private void Connect(string from, string to)
        {
            int result = jack_connect(_client, from, to);
            if (result != 0 && result != 17) // 17: EEXIST, already connected
            {
                throw new MidiPortException($"JACK could not connect {from} to {to} (error {result}).");
            }
        }

        // The real-time callback: hand queued bytes to JACK, or take received events into the ring.
        [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
        private static int Process(uint frames, nint arg)
        {
            var self = (JackClient)GCHandle.FromIntPtr(arg).Target!;
            nint buffer = jack_port_get_buffer(self._port, frames);
            if (self._isOutput)
            {
                self.WriteCycle(buffer);
            }
            else
            {
                self.ReadCycle(buffer);
            }

            Volatile.Write(ref self._cycles, self._cycles + 1);
            return 0;
        }

        // Whole messages when they fit; a long sysex is split over events (JACK allows sysex in chunks, F0 first, F7 last).
        private void WriteCycle(nint buffer)
        {
            jack_midi_clear_buffer(buffer);
            while (_ring.PeekLength() is int length and >= 0)
            {
                int room = (int)Math.Min((ulong)jack_midi_max_event_size(buffer), MaxEventBytes);
                int chunk = Math.Min(length - _sentOfCurrent, room);
                if (chunk <= 0)
                {
                    return; // this cycle's buffer is full
                }

                byte* data = jack_midi_event_reserve(buffer, 0, (nuint)chunk); // all at the cycle's start, in order
                if (data == null)
                {
                    return;
                }

                _ring.ReadPart(_sentOfCurrent, new Span<byte>(data, chunk));
                _sentOfCurrent += chunk;
                if (_sentOfCurrent == length)
                {
                    _ring.Skip(length);
                    _sentOfCurrent = 0;
                }
            }
        }

        private void ReadCycle(nint buffer)
        {
            uint count = jack_midi_get_event_count(buffer);
            MidiEvent midiEvent;
            for (uint i = 0; i < count; i++)
            {
                if (jack_midi_event_get(&midiEvent, buffer, i) == 0
                    && !_ring.TryWriteMessage(new ReadOnlySpan<byte>(midiEvent.Buffer, (int)midiEvent.Size)))
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
        }
    }
}
