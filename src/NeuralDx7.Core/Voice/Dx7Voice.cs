using System.Text;

namespace NeuralDx7.Voice;

/// <summary>
/// An immutable DX7 voice: the 155 VCED parameter values, with typed views of its parts.
/// Values are kept as read (0-127), so a voice from a damaged file can be shown and validated;
/// <see cref="IsValid"/> says whether every value is within its parameter's range.
/// </summary>
public sealed class Dx7Voice : IEquatable<Dx7Voice>
{
    private readonly byte[] _parameters;

    // Bits a packed (32-voice) dump carries outside any parameter field. Real cartridges, the
    // factory ROM3 among them, have some set; keeping them lets a bank round-trip byte for byte.
    private readonly byte[]? _unusedPackedBits;

    private Dx7Voice(byte[] parameters, byte[]? unusedPackedBits, string? source = null, int? index = null)
    {
        _parameters = parameters;
        _unusedPackedBits = unusedPackedBits;
        Source = source;
        Index = index;
    }

    /// <summary>The DX7's INIT VOICE, as real instruments dump it: one sine operator at full level.</summary>
    public static Dx7Voice Init { get; } = CreateInit();

    /// <summary>Where the voice came from (a file, a model and seed), when known. Not part of equality.</summary>
    public string? Source { get; }

    /// <summary>The voice's position in <see cref="Source"/>, from 0, when known. Not part of equality.</summary>
    public int? Index { get; }

    /// <summary>The same voice, labelled with where it came from.</summary>
    public Dx7Voice WithOrigin(string? source, int? index) => new(_parameters, _unusedPackedBits, source, index);

    /// <summary>The 155 parameter values in VCED order.</summary>
    public ReadOnlySpan<byte> Parameters => _parameters;

    /// <summary>One parameter's value.</summary>
    public int this[int index] => _parameters[index];

    /// <summary>One parameter's value.</summary>
    public int this[Dx7Parameter parameter] => _parameters[parameter.Index];

    /// <summary>The voice name without trailing spaces, as the DX7 shows it.</summary>
    public string Name => RawName.TrimEnd(' ');

    /// <summary>What kind of sound the name says the voice is (BASS 1 a bass), or null when it says none (<see cref="VoiceCategories"/>).</summary>
    public VoiceCategory? Category => VoiceCategories.FromName(Name);

    /// <summary>The 10 name characters exactly as stored.</summary>
    public string RawName
    {
        get
        {
            Span<char> chars = stackalloc char[Dx7Parameters.NameLength];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)_parameters[Dx7Parameters.Name + i];
            }

            return new string(chars);
        }
    }

    /// <summary>Algorithm, 1-32 as on the front panel.</summary>
    public int Algorithm => _parameters[Dx7Parameters.Algorithm] + 1;

    /// <summary>Operator 6 feedback, 0-7.</summary>
    public int Feedback => _parameters[Dx7Parameters.Feedback];

    /// <summary>Whether oscillators restart their phase at each key press.</summary>
    public bool OscillatorKeySync => _parameters[Dx7Parameters.OscillatorKeySync] != 0;

    /// <summary>Transpose in semitones relative to C3 (-24..+24).</summary>
    public int Transpose => _parameters[Dx7Parameters.Transpose] - 24;

    /// <summary>The key that sounds as middle C, as the panel shows transpose ("C3" = none).</summary>
    public string TransposeNote => Dx7Parameters.All[Dx7Parameters.Transpose].Format(_parameters[Dx7Parameters.Transpose]);

    public PitchEnvelope PitchEnvelope => PitchEnvelope.Read(_parameters.AsSpan(Dx7Parameters.PitchEgRate1));

    public Lfo Lfo => new(
        _parameters[Dx7Parameters.LfoSpeed],
        _parameters[Dx7Parameters.LfoDelay],
        _parameters[Dx7Parameters.LfoPitchModDepth],
        _parameters[Dx7Parameters.LfoAmpModDepth],
        _parameters[Dx7Parameters.LfoKeySync] != 0,
        (LfoWave)_parameters[Dx7Parameters.LfoWave],
        _parameters[Dx7Parameters.PitchModSensitivity]);

    /// <summary>Operators 1 to 6, in that order.</summary>
    public IReadOnlyList<Operator> Operators => [Operator(1), Operator(2), Operator(3), Operator(4), Operator(5), Operator(6)];

    /// <summary>True when every parameter is within its range.</summary>
    public bool IsValid
    {
        get
        {
            var table = Dx7Parameters.All;
            for (int i = 0; i < _parameters.Length; i++)
            {
                if (!table[i].IsInRange(_parameters[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>True when a packed dump this voice came from had bits set outside every field.</summary>
    public bool HasUnusedPackedBits => _unusedPackedBits is not null;

    internal ReadOnlySpan<byte> UnusedPackedBits => _unusedPackedBits;

    /// <summary>Creates a voice from 155 values in VCED order (each 0-127; range is checked by validation, not here).</summary>
    public static Dx7Voice FromParameters(ReadOnlySpan<byte> parameters)
    {
        if (parameters.Length != Dx7Parameters.Count)
        {
            throw new ArgumentException($"A DX7 voice has {Dx7Parameters.Count} parameters, not {parameters.Length}.", nameof(parameters));
        }

        int bad = parameters.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"{Dx7Parameters.All[bad].Name} = {parameters[bad]} is not a 7-bit MIDI data value.", nameof(parameters));
        }

        return new Dx7Voice(parameters.ToArray(), null);
    }

    internal static Dx7Voice FromPacked(byte[] parameters, byte[]? unusedPackedBits) => new(parameters, unusedPackedBits);

    /// <summary>Operator 1-6.</summary>
    public Operator Operator(int number) =>
        Voice.Operator.Read(number, _parameters.AsSpan(Dx7Parameters.OperatorOffset(number), Dx7Parameters.PerOperator));

    /// <summary>A copy with one parameter changed.</summary>
    public Dx7Voice With(int parameterIndex, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(parameterIndex, Dx7Parameters.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 127);
        var copy = (byte[])_parameters.Clone();
        copy[parameterIndex] = (byte)value;
        return new Dx7Voice(copy, _unusedPackedBits, Source, Index);
    }

    /// <summary>A copy with a new name: printable ASCII, padded with spaces or cut to 10 characters.</summary>
    public Dx7Voice WithName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var copy = (byte[])_parameters.Clone();
        for (int i = 0; i < Dx7Parameters.NameLength; i++)
        {
            char c = i < name.Length ? name[i] : ' ';
            copy[Dx7Parameters.Name + i] = c is >= ' ' and <= '\x7F' ? (byte)c : (byte)'?';
        }

        return new Dx7Voice(copy, _unusedPackedBits, Source, Index);
    }

    /// <summary>True when the two voices sound the same: all parameters but the name are equal.</summary>
    public bool SoundsLike(Dx7Voice other) =>
        Parameters[..Dx7Parameters.SoundCount].SequenceEqual(other.Parameters[..Dx7Parameters.SoundCount]);

    /// <summary>A 64-bit fingerprint of the sound (the 145 non-name parameters), stable across runs and machines.</summary>
    public ulong SoundFingerprint => Fingerprint(Parameters[..Dx7Parameters.SoundCount]);

    /// <summary>FNV-1a, 64-bit: stable, and ample for tens of thousands of voices.</summary>
    internal static ulong Fingerprint(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    public bool Equals(Dx7Voice? other) => other is not null && Parameters.SequenceEqual(other.Parameters);

    public override bool Equals(object? obj) => obj is Dx7Voice voice && Equals(voice);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_parameters);
        return hash.ToHashCode();
    }

    public override string ToString() => new StringBuilder()
        .Append(Name).Append(" (algorithm ").Append(Algorithm).Append(')').ToString();

    private static Dx7Voice CreateInit()
    {
        var p = new byte[Dx7Parameters.Count];
        for (int op = 1; op <= 6; op++)
        {
            var block = p.AsSpan(Dx7Parameters.OperatorOffset(op), Dx7Parameters.PerOperator);
            block[..7].Fill(99); // rates 1-4 and levels 1-3 at 99, level 4 at 0
            block[Dx7Parameters.OpOutputLevel] = (byte)(op == 1 ? 99 : 0);
            block[Dx7Parameters.OpCoarse] = 1;
            block[Dx7Parameters.OpDetune] = 7;
        }

        p.AsSpan(Dx7Parameters.PitchEgRate1, 4).Fill(99);
        p.AsSpan(Dx7Parameters.PitchEgLevel1, 4).Fill(50);
        p[Dx7Parameters.OscillatorKeySync] = 1;
        p[Dx7Parameters.LfoSpeed] = 35;
        p[Dx7Parameters.LfoKeySync] = 1;
        p[Dx7Parameters.PitchModSensitivity] = 3;
        p[Dx7Parameters.Transpose] = 24;
        "INIT VOICE"u8.CopyTo(p.AsSpan(Dx7Parameters.Name));
        return new Dx7Voice(p, null);
    }
}
