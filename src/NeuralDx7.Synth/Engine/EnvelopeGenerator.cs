using System.Runtime.CompilerServices;
using NeuralDx7.Voice;

namespace NeuralDx7.Synth;

/// <summary>
/// An operator's envelope as the DX7 runs it, once per 64-sample block. The level lives in the log domain
/// (octaves of amplitude, 2^24 units each), so a constant decrement is an exponential decay; attacks jump over
/// the inaudible bottom and then slow down as they near full level, which is what gives DX7 attacks their snap.
/// Stages 0-2 run while the key is down and stop at level 3 (sustain); release runs stage 3; stage 4 is done.
/// </summary>
internal struct EnvelopeGenerator : IKeyedEnvelope
{
    /// <summary>The level an attack starts from, however low the envelope was: 6.7 octaves above silence.</summary>
    private const long AttackFloor = 1716L << 16;

    /// <summary>Attacks approach this level: their step shrinks with the distance to it.</summary>
    private const long AttackCeiling = 17L << 24;

    /// <summary>The level of an output level 99 operator at envelope level 99: 15 octaves.</summary>
    public const long FullLevel = 15L << 24;

    private Stages _targets;
    private Stages _increments;
    private long _level;
    private long _target;
    private long _increment;
    private int _stage;
    private bool _rising;
    private bool _keyDown;

    /// <summary>Starts a note: stage 0 from silence.</summary>
    /// <param name="envelope">The operator's four rates and levels.</param>
    /// <param name="outputLevel">The operator's level for this key and velocity, in 1/256 octave.</param>
    /// <param name="rateScaling">Rate steps (of 0-99) added for this key.</param>
    /// <param name="blockScale">44100 / sample rate: the DX7's increments are per block at 44.1 kHz.</param>
    public void Start(OperatorEnvelope envelope, int outputLevel, int rateScaling, double blockScale)
    {
        ReadOnlySpan<int> rates = [envelope.Rate1, envelope.Rate2, envelope.Rate3, envelope.Rate4];
        ReadOnlySpan<int> levels = [envelope.Level1, envelope.Level2, envelope.Level3, envelope.Level4];
        for (int stage = 0; stage < 4; stage++)
        {
            // EG level on the same 1/256-octave scale as the output level; 4256 is the offset that makes 99/99 full.
            int level = ((Dx7Tables.ScaleLevel(levels[stage]) >> 1) << 6) + outputLevel - 4256;
            _targets[stage] = (long)Math.Max(16, level) << 16;

            int rate = (Math.Clamp(rates[stage] + rateScaling, 0, 99) * 41) >> 6; // 0-99 to the 64 rates the chip runs
            long perBlock = (long)(4 + (rate & 3)) << (8 + (rate >> 2)); // doubles every four rate steps
            _increments[stage] = Math.Max(1, (long)Math.Round(perBlock * blockScale));
        }

        _level = 0;
        _keyDown = true;
        Advance(0);
    }

    /// <summary>The key went up: run the release stage from wherever the envelope is.</summary>
    public void Release()
    {
        if (_keyDown)
        {
            _keyDown = false;
            Advance(3);
        }
    }

    /// <summary>True once the release has reached level 4.</summary>
    public readonly bool IsDone => _stage == 4;

    /// <summary>The level now, in octaves above silence (0-15 for levels the DX7 can reach).</summary>
    public readonly double Octaves => _level / 16777216.0;

    /// <summary>Steps one block and returns the level in octaves.</summary>
    public double Next()
    {
        if (_stage < 3 || (_stage == 3 && !_keyDown))
        {
            if (_rising)
            {
                _level = Math.Max(_level, AttackFloor);
                _level += ((AttackCeiling - _level) >> 24) * _increment;
                if (_level >= _target)
                {
                    _level = _target;
                    Advance(_stage + 1);
                }
            }
            else
            {
                _level -= _increment;
                if (_level <= _target)
                {
                    _level = _target;
                    Advance(_stage + 1);
                }
            }
        }

        return Octaves;
    }

    private void Advance(int stage)
    {
        _stage = stage;
        if (stage < 4)
        {
            _target = _targets[stage];
            _increment = _increments[stage];
            _rising = _target > _level;
        }
    }

    [InlineArray(4)]
    private struct Stages
    {
        private long _element;
    }
}
