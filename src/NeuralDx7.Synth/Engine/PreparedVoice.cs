using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.Synth;

/// <summary>
/// A voice made ready for the engine: every value clamped into its range (so nothing a file holds can push the
/// engine outside what it was built for), the algorithm turned into a rendering plan, and the per-voice constants
/// worked out once instead of per note.
/// </summary>
public sealed class PreparedVoice
{
    /// <summary>
    /// Feedback phase per step of the feedback setting, at full level: 0.18 radian (as measured on a TX7 by
    /// hexter's author), so feedback 7 moves the phase by 1.26 radians, where a sine turns into a sawtooth.
    /// </summary>
    private const double FeedbackCyclesPerStep = 0.18 / (2 * Math.PI);

    private readonly OperatorPlan[] _operators;

    public PreparedVoice(Dx7Voice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        Voice = VoiceValidation.Clamp(voice).Voice;
        Algorithm = Algorithm.Get(Voice.Algorithm);
        int feedback = Voice.Feedback;
        FeedbackDepth = feedback * FeedbackCyclesPerStep;

        _operators = new OperatorPlan[6];
        for (int number = 1; number <= 6; number++)
        {
            int modulators = 0;
            foreach (int from in Algorithm.ModulatorsOf(number))
            {
                modulators |= 1 << (from - 1);
            }

            _operators[number - 1] = new OperatorPlan(Voice.Operator(number), modulators, Algorithm.Carriers.Contains(number));
        }

        if (feedback != 0 && Algorithm.FeedbackFrom != Algorithm.FeedbackTo)
        {
            // A loop through a chain (algorithms 4 and 6): the chain runs sample by sample from its head down.
            LoopLength = Algorithm.FeedbackTo - Algorithm.FeedbackFrom + 1;
        }

        Lfo lfo = Voice.Lfo;
        PitchModDepth = lfo.PitchModDepth / 99.0 * Dx7Tables.PitchModSensitivity[lfo.PitchModSensitivity] / 255.0;
        AmpModDepth = lfo.AmpModDepth / 99.0;
    }

    /// <summary>The voice as the engine plays it (clamped).</summary>
    public Dx7Voice Voice { get; }

    public Algorithm Algorithm { get; }

    /// <summary>Operator 1-6 at index 0-5.</summary>
    internal ReadOnlySpan<OperatorPlan> Operators => _operators;

    /// <summary>
    /// Cycles of phase the feedback adds per unit of the fed-back waveform at full level (0 when feedback is off);
    /// it scales with the operator's level on the 0-99 scale, so a quieter operator feeds back less.
    /// </summary>
    internal double FeedbackDepth { get; }

    /// <summary>Operators in a feedback loop through a chain (0 when the loop is an operator feeding itself).</summary>
    internal int LoopLength { get; }

    /// <summary>The LFO's pitch swing at full LFO and full delay fade, in octaves either way.</summary>
    internal double PitchModDepth { get; }

    /// <summary>Amplitude modulation depth, 0..1, before each operator's sensitivity.</summary>
    internal double AmpModDepth { get; }
}

/// <summary>One operator's part in the plan: its parameters, which operators modulate it, and whether it is heard.</summary>
internal sealed class OperatorPlan
{
    /// <summary>
    /// Ratio mode detunes the key's frequency by a constant 1/32 Hz a step before the ratio applies, so detune
    /// beats alike on every key and weighs more cents on low keys (about 1.5 cents at middle C for the full 7 steps).
    /// </summary>
    private const double RatioDetuneHertz = 1.0 / 32;

    private readonly double _detuneHertz;

    /// <summary>Fixed mode only detunes upward, 1.2 cent a step.</summary>
    private const double FixedDetuneOctaves = 13457.0 / 16777216.0;

    public OperatorPlan(Operator parameters, int modulatorMask, bool isCarrier)
    {
        Parameters = parameters;
        ModulatorMask = modulatorMask;
        IsCarrier = isCarrier;
        AmpModSensitivity = Dx7Tables.AmpModSensitivity[parameters.AmpModSensitivity] / 255.0;

        var frequency = parameters.Frequency;
        IsFixed = frequency.Mode == OscillatorMode.Fixed;
        int detune = frequency.Detune - 7;
        PitchOffset = IsFixed
            ? (Math.Log2(10) * ((frequency.Coarse & 3) + (frequency.Fine / 100.0))) + (Math.Max(0, detune) * FixedDetuneOctaves)
            : Math.Log2(frequency.Coarse == 0 ? 0.5 : frequency.Coarse) + Math.Log2(1 + (frequency.Fine / 100.0));
        _detuneHertz = IsFixed ? 0 : detune * RatioDetuneHertz;
    }

    public Operator Parameters { get; }

    /// <summary>Bit k set when operator k + 1 modulates this one.</summary>
    public int ModulatorMask { get; }

    public bool IsCarrier { get; }

    public bool IsFixed { get; }

    /// <summary>log2 of the ratio, or log2 of the fixed frequency in Hz (with its detune).</summary>
    public double PitchOffset { get; }

    public double AmpModSensitivity { get; }

    /// <summary>The operator's pitch for a key, in log2 Hz, before the pitch EG and LFO.</summary>
    public double Pitch(int key) => IsFixed ? PitchOffset : Math.Log2((440 * Math.Pow(2, (key - 69) / 12.0)) + _detuneHertz) + PitchOffset;
}
