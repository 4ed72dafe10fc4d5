using System.Runtime.InteropServices;
using System.Text;
using NeuralDx7.Midi;

namespace NeuralDx7.Synth;

/// <summary>
/// Runs Debian's hexter (a DX7 emulator we did not write, a DSSI plugin) in-process, as a minimal DSSI host:
/// instantiate, connect every port, hand it a bank through its "patches0" configure key, pick the program,
/// and send note on and note off as ALSA sequencer events inside run_synth. A second opinion on how a voice sounds:
/// the engine tests compare ours with it, and the match benchmark judges found voices by it. Linux, where it is installed.
/// </summary>
public static unsafe class Hexter
{
    public const string PluginPath = "/usr/lib/dssi/hexter.so";

    private const int PortInput = 0x1;
    private const int PortControl = 0x4;
    private const int PortAudio = 0x8;
    private const int Chunk = 64;

    private static readonly object Gate = new();

    public static bool IsInstalled => OperatingSystem.IsLinux() && File.Exists(PluginPath);

    /// <summary>
    /// One voice auditioned by hexter as <see cref="AuditionRenderer"/> auditions it with ours: the oscillators start
    /// in phase, as ours do on a first note. hexter gives a free-running oscillator (key sync off) another phase on every
    /// note, as a DX7 does, so without this its render of such a voice, and every distance judged by it, would change
    /// from one run to the next.
    /// </summary>
    public static float[] Render(Voice.Dx7Voice voice, AuditionOptions options)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var dump = Codec.Dx7Writer.BulkDump(Voice.Dx7Cartridge.FromVoices([voice.With(Voice.Dx7Parameters.OscillatorKeySync, 1)]));
        var (hold, release) = options.SampleCounts;
        return Render(dump[6..^2], 0, options.Note, options.Velocity, hold, release, options.SampleRate);
    }

    /// <summary>Renders program <paramref name="program"/> of a 32-voice bank (4096 packed bytes): the key held, then released.</summary>
    public static float[] Render(byte[] bank, int program, int note, int velocity, int holdSamples, int releaseSamples, int sampleRate)
    {
        // hexter's instances share state that outlives them: with the plugin kept loaded, a render carried the notes
        // before it audibly. So one render at a time, each from the plugin loaded afresh (about 3.5 ms a second of sound).
        lock (Gate)
        {
            var library = NativeLibrary.Load(PluginPath);
            try
            {
                return RenderAlone(library, bank, program, note, velocity, holdSamples, releaseSamples, sampleRate);
            }
            finally
            {
                NativeLibrary.Free(library);
            }
        }
    }

    private static float[] RenderAlone(nint library, byte[] bank, int program, int note, int velocity, int holdSamples, int releaseSamples, int sampleRate)
    {
        var getDescriptor = (delegate* unmanaged<nuint, DssiDescriptor*>)NativeLibrary.GetExport(library, "dssi_descriptor");
        DssiDescriptor* dssi = getDescriptor(0);
        LadspaDescriptor* ladspa = dssi->Ladspa;
        nint instance = ladspa->Instantiate(ladspa, (nuint)sampleRate);
        if (instance == 0)
        {
            throw new InvalidOperationException("hexter refused to instantiate");
        }

        int ports = (int)ladspa->PortCount;
        var controls = (float*)NativeMemory.AllocZeroed((nuint)ports, sizeof(float));
        var audio = (float*)NativeMemory.AllocZeroed(Chunk, sizeof(float));
        try
        {
            for (int port = 0; port < ports; port++)
            {
                int kind = ladspa->PortDescriptors[port];
                if ((kind & PortAudio) != 0)
                {
                    ladspa->ConnectPort(instance, (nuint)port, audio);
                }
                else
                {
                    controls[port] = (kind & (PortControl | PortInput)) == (PortControl | PortInput) ? DefaultValue(ladspa->PortRangeHints[port]) : 0;
                    ladspa->ConnectPort(instance, (nuint)port, controls + port);
                }
            }

            ladspa->Activate(instance);
            Configure(dssi, instance, "patches0", Encode7In6(bank));
            dssi->SelectProgram(instance, 0, (nuint)program);

            // hexter mallocs its voices without clearing them, and a voice's first note ramps its volume from whatever
            // that memory held (another thread's heap held other bytes: 0.24 of full scale off). One note, silenced at
            // once, sets the voice's volume to this program's own, so the real note starts where a clean voice would.
            var events = stackalloc AlsaSequencerEvent[1];
            events[0] = AlsaSequencerEvent.Note(AlsaSequencerEvent.NoteOn, 0, note, velocity);
            dssi->RunSynth(instance, Chunk, events, 1);
            ladspa->Deactivate(instance);
            ladspa->Activate(instance);

            var output = new float[holdSamples + releaseSamples];
            for (int done = 0; done < output.Length; done += Chunk)
            {
                int count = Math.Min(Chunk, output.Length - done);
                int eventCount = 0;
                if (done == 0)
                {
                    events[0] = AlsaSequencerEvent.Note(AlsaSequencerEvent.NoteOn, 0, note, velocity);
                    eventCount = 1;
                }
                else if (done <= holdSamples && holdSamples < done + count)
                {
                    events[0] = AlsaSequencerEvent.Note(AlsaSequencerEvent.NoteOff, holdSamples - done, note, 0);
                    eventCount = 1;
                }

                dssi->RunSynth(instance, (nuint)count, events, (nuint)eventCount);
                new ReadOnlySpan<float>(audio, count).CopyTo(output.AsSpan(done, count));
            }

            ladspa->Deactivate(instance);
            ladspa->Cleanup(instance);
            return output;
        }
        finally
        {
            NativeMemory.Free(controls);
            NativeMemory.Free(audio);
        }
    }

    /// <summary>hexter's bank encoding: "length", the bytes' 7-bit values as a bit stream in 6-bit base64 digits, and their sum.</summary>
    internal static string Encode7In6(byte[] data)
    {
        const string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var text = new StringBuilder().Append(data.Length).Append(' ');
        int register = 0, bits = 0;
        long sum = 0;
        foreach (byte b in data)
        {
            register = (register << 7) | (b & 0x7F);
            bits += 7;
            sum += b & 0x7F;
            while (bits >= 6)
            {
                bits -= 6;
                text.Append(digits[(register >> bits) & 0x3F]);
            }
        }

        if (bits > 0)
        {
            text.Append(digits[(register << (6 - bits)) & 0x3F]);
        }

        return text.Append(' ').Append(sum).ToString();
    }

    private static void Configure(DssiDescriptor* dssi, nint instance, string key, string value)
    {
        nint k = Marshal.StringToHGlobalAnsi(key), v = Marshal.StringToHGlobalAnsi(value);
        try
        {
            byte* error = dssi->Configure(instance, (byte*)k, (byte*)v);
            if (error is not null)
            {
                string message = Marshal.PtrToStringAnsi((nint)error) ?? "?";
                NativeMemory.Free(error); // DSSI: the host frees the message
                throw new InvalidOperationException($"hexter refused {key}: {message}");
            }
        }
        finally
        {
            Marshal.FreeHGlobal(k);
            Marshal.FreeHGlobal(v);
        }
    }

    /// <summary>A control port's default, from its LADSPA range hint.</summary>
    private static float DefaultValue(RangeHint hint)
    {
        float low = hint.Lower, high = hint.Upper;
        bool log = (hint.Descriptor & 0x10) != 0;
        float Between(float t) => log && low > 0 ? MathF.Exp((MathF.Log(low) * (1 - t)) + (MathF.Log(high) * t)) : (low * (1 - t)) + (high * t);
        return (hint.Descriptor & 0x3C0) switch
        {
            0x40 => low,
            0x80 => Between(0.25f),
            0xC0 => Between(0.5f),
            0x100 => Between(0.75f),
            0x140 => high,
            0x200 => 0,
            0x240 => 1,
            0x280 => 100,
            0x2C0 => 440,
            _ => low,
        };
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RangeHint
    {
        public int Descriptor;
        public float Lower;
        public float Upper;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct LadspaDescriptor
    {
        public nuint UniqueId;
        public byte* Label;
        public int Properties;
        public byte* Name;
        public byte* Maker;
        public byte* Copyright;
        public nuint PortCount;
        public int* PortDescriptors;
        public byte** PortNames;
        public RangeHint* PortRangeHints;
        public void* ImplementationData;
        public delegate* unmanaged<LadspaDescriptor*, nuint, nint> Instantiate;
        public delegate* unmanaged<nint, nuint, float*, void> ConnectPort;
        public delegate* unmanaged<nint, void> Activate;
        public delegate* unmanaged<nint, nuint, void> Run;
        public delegate* unmanaged<nint, nuint, void> RunAdding;
        public delegate* unmanaged<nint, float, void> SetRunAddingGain;
        public delegate* unmanaged<nint, void> Deactivate;
        public delegate* unmanaged<nint, void> Cleanup;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DssiDescriptor
    {
        public int ApiVersion;
        public LadspaDescriptor* Ladspa;
        public delegate* unmanaged<nint, byte*, byte*, byte*> Configure;
        public delegate* unmanaged<nint, nuint, void*> GetProgram;
        public delegate* unmanaged<nint, nuint, nuint, void> SelectProgram;
        public delegate* unmanaged<nint, nuint, int> GetMidiControllerForPort;
        public delegate* unmanaged<nint, nuint, AlsaSequencerEvent*, nuint, void> RunSynth;
    }
}
