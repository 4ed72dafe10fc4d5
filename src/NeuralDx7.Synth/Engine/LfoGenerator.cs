using NeuralDx7.Voice;

namespace NeuralDx7.Synth;

/// <summary>
/// The DX7's one LFO, shared by all notes as on the instrument, stepped once per block. Its value is 0..1;
/// after a key goes down it waits, then fades in (the delay), and with key sync it restarts its cycle.
/// </summary>
internal sealed class LfoGenerator
{
    private readonly double _blockSeconds;
    private Lfo _settings = new(35, 0, 0, 0, true, LfoWave.Triangle, 3);
    private uint _phase;
    private uint _step;
    private double _wait;
    private double _fade;
    private double _sinceKey = double.PositiveInfinity;
    private byte _random;

    public LfoGenerator(double blockSeconds) => _blockSeconds = blockSeconds;

    /// <summary>The value this block, 0..1.</summary>
    public double Value { get; private set; } = 0.5;

    /// <summary>How far the delay has faded in, 0..1.</summary>
    public double Depth { get; private set; } = 1;

    public void Configure(Lfo settings)
    {
        _settings = settings;
        _step = (uint)Math.Round(Dx7Tables.LfoHertz(settings.Speed) * _blockSeconds * Sine.PhasePerCycle);
        (_wait, _fade) = Dx7Tables.LfoDelay(settings.Delay);
    }

    public void KeyDown()
    {
        if (_settings.KeySync)
        {
            _phase = (1u << 31) - 1; // the cycle restarts from its middle, as the DX7's does
        }

        _sinceKey = 0;
    }

    /// <summary>Steps one block.</summary>
    public void Next()
    {
        uint previous = _phase;
        _phase += _step;
        double p = _phase / Sine.PhasePerCycle;
        Value = _settings.Wave switch
        {
            LfoWave.Triangle => p < 0.5 ? 2 * p : 2 - (2 * p),
            LfoWave.SawDown => Fraction(1.5 - p),
            LfoWave.SawUp => Fraction(p + 0.5),
            LfoWave.Square => p < 0.5 ? 1 : 0,
            LfoWave.Sine => 0.5 + (0.5 * Math.Sin(2 * Math.PI * p)),
            _ => SampleAndHold(_phase < previous),
        };

        _sinceKey += _blockSeconds;
        Depth = _fade == 0 ? 1 : Math.Clamp((_sinceKey - _wait) / _fade, 0, 1);
    }

    private double SampleAndHold(bool wrapped)
    {
        if (wrapped)
        {
            _random = (byte)((_random * 179) + 17); // the DX7's own pseudo-random sequence
        }

        return ((_random ^ 0x80) + 1) / 256.0;
    }

    private static double Fraction(double x) => x - Math.Floor(x);
}
