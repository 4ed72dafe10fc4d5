using NeuralDx7.Voice;

namespace NeuralDx7.Synth;

/// <summary>
/// The voice's pitch envelope: moves linearly (in octaves) between its four levels, once per block. It starts
/// at level 4, runs stages 0-2 while the key is down, holds level 3 and runs stage 3 on release.
/// </summary>
internal struct PitchEnvelopeGenerator : IKeyedEnvelope
{
    private PitchEnvelope? _envelope;
    private double _level;
    private double _target;
    private double _step;
    private int _stage;
    private bool _rising;
    private bool _keyDown;
    private double _blockSeconds;

    /// <summary>True when every level is 50: the envelope never moves the pitch.</summary>
    public readonly bool IsFlat => _envelope is null || !_envelope.IsActive;

    public void Start(PitchEnvelope envelope, double blockSeconds)
    {
        _envelope = envelope;
        _blockSeconds = blockSeconds;
        _level = Dx7Tables.PitchOctaves(envelope.Level4);
        _keyDown = true;
        Advance(0);
    }

    public void Release()
    {
        if (_keyDown)
        {
            _keyDown = false;
            Advance(3);
        }
    }

    /// <summary>Steps one block and returns the pitch shift in octaves.</summary>
    public double Next()
    {
        if (_stage < 3 || (_stage == 3 && !_keyDown))
        {
            _level += _rising ? _step : -_step;
            if (_rising ? _level >= _target : _level <= _target)
            {
                _level = _target;
                Advance(_stage + 1);
            }
        }

        return _level;
    }

    private void Advance(int stage)
    {
        _stage = stage;
        if (stage < 4 && _envelope is { } e)
        {
            (int rate, int level) = stage switch
            {
                0 => (e.Rate1, e.Level1),
                1 => (e.Rate2, e.Level2),
                2 => (e.Rate3, e.Level3),
                _ => (e.Rate4, e.Level4),
            };
            _target = Dx7Tables.PitchOctaves(level);
            _step = Dx7Tables.PitchRateOctavesPerSecond(rate) * _blockSeconds;
            _rising = _target > _level;
        }
    }
}
