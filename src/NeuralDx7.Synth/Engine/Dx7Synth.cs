using NeuralDx7.Voice;

namespace NeuralDx7.Synth;

/// <summary>
/// A polyphonic DX7: one voice loaded at a time, as on the instrument, up to <see cref="Polyphony"/> keys sounding.
/// A new key takes an idle note, else the oldest released one, else the oldest held one. Output is mono, in
/// [-1, 1]: the mix is scaled by <see cref="Volume"/> and clipped. Rendering allocates nothing.
/// </summary>
public sealed class Dx7Synth
{
    /// <summary>Sample rates the engine accepts.</summary>
    public const int MinSampleRate = 8000;

    public const int MaxSampleRate = 192000;

    private const int BlockSize = OperatorKernels.BlockSize;

    private readonly SoundingNote[] _notes;
    private readonly LfoGenerator _lfo;
    private readonly float[] _scratch = new float[7 * BlockSize];
    private readonly float[] _block = new float[BlockSize];
    private int _blockPosition = BlockSize;
    private long _noteCount;
    private PreparedVoice _voice;

    public Dx7Synth(int sampleRate = 44100, int polyphony = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, MaxSampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(polyphony, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(polyphony, 64);
        SampleRate = sampleRate;
        _notes = new SoundingNote[polyphony];
        for (int i = 0; i < polyphony; i++)
        {
            _notes[i] = new SoundingNote(sampleRate);
        }

        _lfo = new LfoGenerator((double)BlockSize / sampleRate);
        _voice = new PreparedVoice(Dx7Voice.Init);
        _lfo.Configure(_voice.Voice.Lfo);
    }

    public int SampleRate { get; }

    public int Polyphony => _notes.Length;

    /// <summary>Gain from the sum of the carriers (each at most 1) to the output, before clipping.</summary>
    public float Volume { get; set; } = 0.25f;

    /// <summary>The voice new keys play. Notes already sounding keep the voice they started with.</summary>
    public Dx7Voice Voice
    {
        get => _voice.Voice;
        set
        {
            _voice = new PreparedVoice(value);
            _lfo.Configure(_voice.Voice.Lfo);
        }
    }

    /// <summary>Keys sounding now, held or releasing.</summary>
    public int ActiveNotes => _notes.Count(n => !n.IsIdle);

    /// <summary>Starts a key (MIDI note 0-127, velocity 1-127; velocity 0 is a note off, as in MIDI).</summary>
    public void NoteOn(int key, int velocity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key, 127);
        ArgumentOutOfRangeException.ThrowIfNegative(velocity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(velocity, 127);
        if (velocity == 0)
        {
            NoteOff(key);
            return;
        }

        ChooseNote(key).Start(_voice, key, velocity, ++_noteCount);
        _lfo.KeyDown();
    }

    /// <summary>The same key if it is held, else an idle note, else the oldest released, else the oldest held.</summary>
    private SoundingNote ChooseNote(int key)
    {
        SoundingNote? idle = null, oldestReleased = null, oldestHeld = null;
        foreach (var note in _notes)
        {
            if (note.IsHeld && note.Key == key)
            {
                return note;
            }

            if (note.IsIdle)
            {
                idle ??= note;
            }
            else if (!note.IsHeld)
            {
                oldestReleased = oldestReleased is null || note.StartedAt < oldestReleased.StartedAt ? note : oldestReleased;
            }
            else
            {
                oldestHeld = oldestHeld is null || note.StartedAt < oldestHeld.StartedAt ? note : oldestHeld;
            }
        }

        return idle ?? oldestReleased ?? oldestHeld!;
    }

    /// <summary>Releases a key: its envelopes run their release stage.</summary>
    public void NoteOff(int key)
    {
        foreach (var note in _notes)
        {
            if (note.IsHeld && note.Key == key)
            {
                note.Release();
            }
        }
    }

    /// <summary>Releases every key.</summary>
    public void ReleaseAll()
    {
        foreach (var note in _notes)
        {
            if (note.IsHeld)
            {
                note.Release();
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="output"/> with the next samples. Keys and releases take effect at the next 64-sample
    /// block boundary (1.5 ms at 44.1 kHz), where the DX7's envelopes also step.
    /// </summary>
    public void Render(Span<float> output)
    {
        while (!output.IsEmpty)
        {
            if (_blockPosition == BlockSize)
            {
                RenderBlock();
                _blockPosition = 0;
            }

            int count = Math.Min(output.Length, BlockSize - _blockPosition);
            _block.AsSpan(_blockPosition, count).CopyTo(output);
            _blockPosition += count;
            output = output[count..];
        }
    }

    /// <summary>Samples already rendered but not yet handed out; keys pressed now sound after them.</summary>
    public int Latency => BlockSize - _blockPosition;

    private void RenderBlock()
    {
        var block = _block.AsSpan();
        block.Clear();
        _lfo.Next();
        foreach (var note in _notes)
        {
            if (note.IsIdle)
            {
                continue;
            }

            note.Render(block, _lfo, _scratch);
            if (note.IsFinished)
            {
                note.Stop();
            }
        }

        float volume = Volume;
        for (int i = 0; i < block.Length; i++)
        {
            // Clipped, as a DAC would; NaN cannot arise (every operator is a bounded sine times a finite gain).
            block[i] = Math.Clamp(block[i] * volume, -1f, 1f);
        }
    }
}
