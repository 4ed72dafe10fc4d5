using System.Runtime.InteropServices;
using static NeuralDx7.Midi.Transports.AlsaNative;

namespace NeuralDx7.Midi.Transports;

/// <summary>
/// MIDI through the ALSA sequencer (Linux): ports are "client:port name", as aconnect -l shows them. Sysex goes out as
/// variable-length events, direct (no queue); received events are turned back into MIDI bytes for the shared assembler.
/// </summary>
public sealed class AlsaSequencerTransport : IMidiTransport
{
    public string Name => "alsa";

    public IReadOnlyList<MidiPort> ListPorts()
    {
        using var sequencer = Sequencer.Open();
        return [.. sequencer.Ports().Select(p => p.Port)];
    }

    public IMidiOutput OpenOutput(string port)
    {
        var sequencer = Sequencer.Open();
        try
        {
            var chosen = PortSelector.Select([.. sequencer.Ports().Select(p => p.Port)], port, MidiDirection.Destination);
            var (_, client, number) = sequencer.Ports().First(p => p.Port == chosen);
            return sequencer.Output(chosen.Name, client, number);
        }
        catch
        {
            sequencer.Dispose();
            throw;
        }
    }

    public IMidiInput OpenInput(string port)
    {
        var sequencer = Sequencer.Open();
        try
        {
            var chosen = PortSelector.Select([.. sequencer.Ports().Select(p => p.Port)], port, MidiDirection.Source);
            var (_, client, number) = sequencer.Ports().First(p => p.Port == chosen);
            return sequencer.Input(chosen.Name, client, number);
        }
        catch
        {
            sequencer.Dispose();
            throw;
        }
    }

    private sealed unsafe class Sequencer : IMidiOutput, IMidiInput
    {
        private readonly nint _handle;
        private readonly MessageAssembler _assembler = new();
        private readonly Queue<byte[]> _received = new();
        private int _port = -1;
        private bool _disposed;

        private Sequencer(nint handle) => _handle = handle;

        public string Destination { get; private set; } = "";

        public string Source { get; private set; } = "";

        public static Sequencer Open()
        {
            NativeLibraries.EnsureRegistered();
            try
            {
                if (snd_seq_open(out nint handle, "default", OpenDuplex, 0) < 0)
                {
                    throw new MidiPortException("Cannot open the ALSA sequencer (/dev/snd/seq): is the snd-seq module loaded?");
                }

                _ = snd_seq_set_client_name(handle, "NeuralDx7");
                return new Sequencer(handle);
            }
            catch (DllNotFoundException)
            {
                throw new MidiPortException("The ALSA library (libasound.so.2) is not installed.");
            }
        }

        public List<(MidiPort Port, int Client, int Number)> Ports()
        {
            var ports = new List<(MidiPort, int, int)>();
            int self = snd_seq_client_id(_handle);
            _ = snd_seq_client_info_malloc(out nint clientInfo);
            _ = snd_seq_port_info_malloc(out nint portInfo);
            try
            {
                snd_seq_client_info_set_client(clientInfo, -1);
                while (snd_seq_query_next_client(_handle, clientInfo) >= 0)
                {
                    int client = snd_seq_client_info_get_client(clientInfo);
                    if (client == self || client == 0)
                    {
                        continue; // ourselves, and the System client's timer and announce ports
                    }

                    string clientName = Marshal.PtrToStringUTF8(snd_seq_client_info_get_name(clientInfo)) ?? "";
                    snd_seq_port_info_set_client(portInfo, client);
                    snd_seq_port_info_set_port(portInfo, -1);
                    while (snd_seq_query_next_port(_handle, portInfo) >= 0)
                    {
                        uint caps = snd_seq_port_info_get_capability(portInfo);
                        int number = snd_seq_port_info_get_port(portInfo);
                        string name = $"{client}:{number} {clientName}:{Marshal.PtrToStringUTF8(snd_seq_port_info_get_name(portInfo))}";
                        if ((caps & (CapWrite | CapSubsWrite)) == (CapWrite | CapSubsWrite))
                        {
                            ports.Add((new MidiPort(name, MidiDirection.Destination, "alsa"), client, number));
                        }

                        if ((caps & (CapRead | CapSubsRead)) == (CapRead | CapSubsRead))
                        {
                            ports.Add((new MidiPort(name, MidiDirection.Source, "alsa"), client, number));
                        }
                    }
                }
            }
            finally
            {
                snd_seq_port_info_free(portInfo);
                snd_seq_client_info_free(clientInfo);
            }

            return ports;
        }

        public Sequencer Output(string name, int client, int port)
        {
            _port = snd_seq_create_simple_port(_handle, "out", CapRead | CapSubsRead, TypeMidiGeneric | TypeApplication);
            if (_port < 0 || snd_seq_connect_to(_handle, _port, client, port) < 0)
            {
                throw new MidiPortException($"ALSA could not connect to {name}.");
            }

            Destination = name;
            return this;
        }

        public Sequencer Input(string name, int client, int port)
        {
            _port = snd_seq_create_simple_port(_handle, "in", CapWrite | CapSubsWrite, TypeMidiGeneric | TypeApplication);
            if (_port < 0 || snd_seq_connect_from(_handle, _port, client, port) < 0)
            {
                throw new MidiPortException($"ALSA could not connect from {name}.");
            }

            _ = snd_seq_nonblock(_handle, 1);
            Source = name;
            return this;
        }

        // Sysex goes as a variable-length event; control changes as controller events (the sequencer is event-based).
        public void Send(ReadOnlySpan<byte> message)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var ev = new AlsaSequencerEvent { Queue = QueueDirect, SourcePort = (byte)_port, DestinationClient = AddressSubscribers, DestinationPort = AddressUnknown };
            if (MessageAssembler.ControlChange(message) is var (channel, controller, value))
            {
                ev.Type = AlsaSequencerEvent.Controller;
                ev.ControlChannel = (byte)(channel - 1);
                ev.ControlParameter = (uint)controller;
                ev.ControlValue = value;
                Check(snd_seq_event_output_direct(_handle, &ev));
                return;
            }

            fixed (byte* data = message)
            {
                ev.Type = AlsaSequencerEvent.Sysex;
                ev.Flags = AlsaSequencerEvent.LengthVariable;
                ev.ExternalLength = (uint)message.Length;
                ev.ExternalData = (nint)data;
                Check(snd_seq_event_output_direct(_handle, &ev));
            }
        }

        public void Flush(CancellationToken cancellation = default)
        {
            // Direct output has already left when snd_seq_event_output_direct returns.
        }

        public bool TryReceive(out byte[] message, TimeSpan timeout, CancellationToken cancellation = default)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!_received.TryDequeue(out message!))
            {
                AlsaSequencerEvent* ev;
                if (snd_seq_event_input(_handle, &ev) >= 0 && ev != null)
                {
                    var bytes = ev->Type switch
                    {
                        AlsaSequencerEvent.Sysex => new ReadOnlySpan<byte>((void*)ev->ExternalData, (int)ev->ExternalLength).ToArray(),
                        AlsaSequencerEvent.Controller => MessageAssembler.ControlChangeMessage(ev->ControlChannel + 1, (int)ev->ControlParameter, ev->ControlValue),
                        _ => [],
                    };
                    foreach (var complete in _assembler.Add(bytes))
                    {
                        _received.Enqueue(complete);
                    }

                    continue;
                }

                if (DateTime.UtcNow >= deadline || cancellation.IsCancellationRequested)
                {
                    message = [];
                    return false;
                }

                Thread.Sleep(1);
            }

            return true;
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _ = snd_seq_close(_handle); // nothing to do if closing fails
            }
        }

        private static void Check(int result)
        {
            if (result < 0)
            {
                throw new MidiPortException($"ALSA refused the event (error {result}).");
            }
        }
    }
}
