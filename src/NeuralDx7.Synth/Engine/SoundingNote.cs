using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDx7.Synth;

/// <summary>
/// One key's sound: six operators with their envelopes and phases, the pitch envelope, and the feedback state.
/// A synth keeps a fixed pool of these and reuses them, so playing never allocates.
/// </summary>
internal sealed class SoundingNote
{
    /// <summary>Below this gain (-83 dB) an operator is skipped: it cannot be heard or move another's phase.</summary>
    private const float SilentGain = 6.7e-5f;

    /// <summary>How deep full amplitude modulation cuts into an operator's level: all the way to silence.</summary>
    private const double TremoloCurve = 4.48;

    /// <summary>A quarter cycle: the operators are cosines, as a TX7 with oscillator sync shows (hexter's author observed).</summary>
    private const int StartPhase = 1 << 30;
    private readonly int _sampleRate;
    private readonly double _blockScale;
    private readonly double _blockSeconds;
    private EnvelopeGroup _envelopes;
    private PitchEnvelopeGenerator _pitchEnvelope;
    private Six<int> _phases;
    private Six<int> _steps;
    private Six<float> _gains;
    private Six<double> _baseSteps;
    private float _lastFeedbackSine;
    private float _feedbackDepth;
    private PreparedVoice? _voice;
    private double _lastPitchShift = double.NaN;

    public SoundingNote(int sampleRate)
    {
        _sampleRate = sampleRate;
        _blockScale = 44100.0 / sampleRate;
        _blockSeconds = (double)OperatorKernels.BlockSize / sampleRate;
        for (int k = 0; k < 6; k++)
        {
            _phases[k] = StartPhase;
        }
    }

    /// <summary>The MIDI key sounding, or -1 when idle.</summary>
    public int Key { get; private set; } = -1;

    /// <summary>True between note on and note off.</summary>
    public bool IsHeld { get; private set; }

    /// <summary>Order of note on, for stealing the oldest.</summary>
    public long StartedAt { get; private set; }

    public bool IsIdle => Key < 0;

    public void Start(PreparedVoice voice, int key, int velocity, long startedAt)
    {
        _voice = voice;
        Key = key;
        IsHeld = true;
        StartedAt = startedAt;
        int played = Math.Clamp(key + voice.Voice.Transpose, 0, 127);
        var operators = voice.Operators;
        for (int k = 0; k < 6; k++)
        {
            var parameters = operators[k].Parameters;
            var scaling = parameters.Scaling;
            int level = Dx7Tables.ScaleLevel(parameters.OutputLevel)
                + Dx7Tables.LevelScaling(played, scaling.BreakPoint, scaling.LeftDepth, scaling.RightDepth, scaling.LeftCurve, scaling.RightCurve);
            int outputLevel = (Math.Clamp(level, 0, 127) << 5) + Dx7Tables.VelocityOffset(velocity, parameters.VelocitySensitivity);
            var envelope = parameters.Envelope;

            _envelopes[k].Start(envelope, Math.Max(0, outputLevel), Dx7Tables.RateScaling(played, parameters.RateScaling), _blockScale);
            _baseSteps[k] = Math.Pow(2, operators[k].Pitch(played)) / _sampleRate * Sine.PhasePerCycle;
            _gains[k] = 0;
            if (voice.Voice.OscillatorKeySync)
            {
                _phases[k] = StartPhase;
            }
        }

        _pitchEnvelope.Start(voice.Voice.PitchEnvelope, _blockSeconds);
        _lastFeedbackSine = 0;
        _lastPitchShift = double.NaN;
    }

    public void Release()
    {
        IsHeld = false;
        for (int k = 0; k < 6; k++)
        {
            _envelopes[k].Release();
        }

        _pitchEnvelope.Release();
    }

    /// <summary>Renders one block and adds the carriers (full level = amplitude 1 each) to <paramref name="mix"/>.</summary>
    /// <param name="scratch">Room for seven blocks.</param>
    public void Render(Span<float> mix, LfoGenerator lfo, Span<float> scratch)
    {
        var voice = _voice!;
        UpdateControls(voice, lfo, out var gain0);

        var operators = voice.Operators;
        Span<float> sum = scratch.Slice(6 * OperatorKernels.BlockSize, OperatorKernels.BlockSize);
        int sounding = 0; // bit k: operator k + 1 produced output this block
        int loopHead = voice.LoopLength > 0 ? voice.Algorithm.FeedbackTo - 1 : -1;
        int loopTail = loopHead - voice.LoopLength + 1;
        int feedbackOperator = voice.FeedbackDepth != 0 && voice.LoopLength == 0 ? voice.Algorithm.FeedbackFrom - 1 : -1;

        for (int k = 5; k >= 0; k--)
        {
            Span<float> output = Block(scratch, k);
            if (k <= loopHead && k >= loopTail)
            {
                if (k == loopHead)
                {
                    sounding |= RenderLoop(scratch, loopHead, loopTail, gain0);
                }

                continue;
            }

            if (gain0[k] < SilentGain && _gains[k] < SilentGain)
            {
                if (k == feedbackOperator)
                {
                    _lastFeedbackSine = 0;
                }

                continue;
            }

            ReadOnlySpan<float> modulation = Modulation(scratch, sum, operators[k].ModulatorMask & sounding);
            if (k == feedbackOperator)
            {
                OperatorKernels.RenderFeedback(output, modulation, _phases[k], _steps[k], gain0[k], _gains[k], _feedbackDepth, ref _lastFeedbackSine);
            }
            else
            {
                OperatorKernels.Render(output, modulation, _phases[k], _steps[k], gain0[k], _gains[k]);
            }

            sounding |= 1 << k;
        }

        for (int k = 0; k < 6; k++)
        {
            _phases[k] += _steps[k] * OperatorKernels.BlockSize;
            if (operators[k].IsCarrier && (sounding & (1 << k)) != 0)
            {
                Add(mix, Block(scratch, k), 0.5f); // outputs are in cycles: half a cycle is amplitude one
            }
        }
    }

    /// <summary>True when released and every carrier's envelope has run out, at a level nobody hears.</summary>
    public bool IsFinished
    {
        get
        {
            if (IsIdle)
            {
                return true;
            }

            if (IsHeld)
            {
                return false;
            }

            var operators = _voice!.Operators;
            for (int k = 0; k < 6; k++)
            {
                if (operators[k].IsCarrier && (!_envelopes[k].IsDone || _gains[k] >= SilentGain))
                {
                    return false;
                }
            }

            return true;
        }
    }

    public void Stop() => Key = -1;

    private void UpdateControls(PreparedVoice voice, LfoGenerator lfo, out Six<float> previousGains)
    {
        previousGains = _gains;
        double lfoSwing = (lfo.Value - 0.5) * 2 * lfo.Depth;
        double pitchShift = _pitchEnvelope.Next() + (voice.PitchModDepth * lfoSwing);
        double tremolo = voice.AmpModDepth * lfo.Depth * lfo.Value;
        bool pitchMoved = pitchShift != _lastPitchShift;
        _lastPitchShift = pitchShift;

        double pitchRatio = pitchMoved ? Octaves.ToRatio(pitchShift) : 1;
        var operators = voice.Operators;
        for (int k = 0; k < 6; k++)
        {
            double level = _envelopes[k].Next();
            double sensitivity = operators[k].AmpModSensitivity;
            if (sensitivity != 0 && tremolo != 0)
            {
                level -= level * (Math.Exp(TremoloCurve * tremolo * sensitivity) - 1) / (Math.Exp(TremoloCurve) - 1);
            }

            // Level 15 octaves is full scale; an operator at full scale moves its target by two cycles.
            _gains[k] = (float)(2 * Octaves.ToRatio(level - 15));
            if (k == voice.Algorithm.FeedbackFrom - 1)
            {
                // Output level steps are 1/8 octave: back on the 0-99 scale the feedback depth follows.
                _feedbackDepth = (float)(voice.FeedbackDepth * Math.Clamp(1 - ((15 - level) * 8 / 99), 0, 1));
            }
            if (pitchMoved)
            {
                double step = operators[k].IsFixed ? _baseSteps[k] : _baseSteps[k] * pitchRatio;
                _steps[k] = (int)(uint)Math.Min(step, uint.MaxValue);
            }
        }
    }

    private int RenderLoop(Span<float> scratch, int head, int tail, Six<float> gain0)
    {
        Span<LoopOperator> chain = stackalloc LoopOperator[head - tail + 1];
        for (int k = head; k >= tail; k--)
        {
            chain[head - k] = new LoopOperator(_phases[k], _steps[k], gain0[k], _gains[k]);
        }

        // The chain's blocks are consecutive in scratch from the tail up; the kernel writes head first.
        Span<float> outputs = stackalloc float[chain.Length * OperatorKernels.BlockSize];
        OperatorKernels.RenderLoop(chain, outputs, _feedbackDepth, ref _lastFeedbackSine);
        int sounding = 0;
        for (int k = head; k >= tail; k--)
        {
            outputs.Slice((head - k) * OperatorKernels.BlockSize, OperatorKernels.BlockSize).CopyTo(Block(scratch, k));
            sounding |= 1 << k;
        }

        return sounding;
    }

    private static ReadOnlySpan<float> Modulation(Span<float> scratch, Span<float> sum, int mask)
    {
        if (mask == 0)
        {
            return default;
        }

        if ((mask & (mask - 1)) == 0)
        {
            return Block(scratch, BitOperations.TrailingZeroCount(mask));
        }

        sum.Clear();
        for (int k = 0; k < 6; k++)
        {
            if ((mask & (1 << k)) != 0)
            {
                Add(sum, Block(scratch, k), 1f);
            }
        }

        return sum;
    }

    /// <summary>target += source * scale, over one block.</summary>
    private static void Add(Span<float> target, ReadOnlySpan<float> source, float scale)
    {
        var targetVectors = MemoryMarshal.Cast<float, Vector<float>>(target);
        var sourceVectors = MemoryMarshal.Cast<float, Vector<float>>(source);
        for (int i = 0; i < targetVectors.Length; i++)
        {
            targetVectors[i] += sourceVectors[i] * scale;
        }
    }

    private static Span<float> Block(Span<float> scratch, int k) => scratch.Slice(k * OperatorKernels.BlockSize, OperatorKernels.BlockSize);

    [InlineArray(6)]
    private struct EnvelopeGroup
    {
        private EnvelopeGenerator _element;
    }

    [InlineArray(6)]
    private struct Six<T>
    {
        private T _element;
    }
}
