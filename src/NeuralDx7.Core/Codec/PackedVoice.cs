using NeuralDx7.Voice;
using P = NeuralDx7.Voice.Dx7Parameters;

namespace NeuralDx7.Codec;

/// <summary>
/// The 128-byte packed voice of a 32-voice bulk dump (VMEM), and its conversion to and from the
/// 155 VCED values. The bit layout lives here and nowhere else.
/// </summary>
public static class PackedVoice
{
    public const int Size = 128;

    private const int OperatorSize = 17;
    private const int GlobalStart = 102;

    // Bits of each packed byte that belong to some field; the rest are unused.
    private static ReadOnlySpan<byte> UsedBits =>
    [
        // OP6 .. OP1: bytes 0-10 whole, 11 = RC|LC, 12 = DET|RS, 13 = KVS|AMS, 14 = OL, 15 = FC|M, 16 = FF
        0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x0F, 0x7F, 0x1F, 0x7F, 0x3F, 0x7F,
        0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x0F, 0x7F, 0x1F, 0x7F, 0x3F, 0x7F,
        0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x0F, 0x7F, 0x1F, 0x7F, 0x3F, 0x7F,
        0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x0F, 0x7F, 0x1F, 0x7F, 0x3F, 0x7F,
        0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x0F, 0x7F, 0x1F, 0x7F, 0x3F, 0x7F,
        0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x0F, 0x7F, 0x1F, 0x7F, 0x3F, 0x7F,
        // pitch EG, ALG, OKS|FB, LFO x4, LPMS|LFW|LKS, transpose, name x10
        0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x1F, 0x0F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F,
        0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F, 0x7F,
    ];

    /// <summary>
    /// The first parameter whose value does not fit its packed bit field (a curve of 5, say, from a
    /// single-voice message), or null when the voice packs without loss.
    /// </summary>
    public static Dx7Parameter? FindUnpackable(Dx7Voice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        var p = voice.Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] > FieldMax(i))
            {
                return Dx7Parameters.All[i];
            }
        }

        return null;
    }

    // Largest value the packed field of a VCED parameter can hold.
    private static int FieldMax(int index)
    {
        if (index < 6 * P.PerOperator)
        {
            return (index % P.PerOperator) switch
            {
                P.OpLeftCurve or P.OpRightCurve or P.OpAmpModSensitivity => 3,
                P.OpRateScaling or P.OpVelocitySensitivity => 7,
                P.OpDetune => 15,
                P.OpOscillatorMode => 1,
                P.OpCoarse => 31,
                _ => 127,
            };
        }

        return index switch
        {
            P.Algorithm => 31,
            P.Feedback or P.LfoWave or P.PitchModSensitivity => 7,
            P.OscillatorKeySync or P.LfoKeySync => 1,
            _ => 127,
        };
    }

    /// <summary>Unpacks 128 packed bytes into 155 VCED values. Data bytes must be 7-bit.</summary>
    public static void Unpack(ReadOnlySpan<byte> packed, Span<byte> parameters)
    {
        if (packed.Length != Size || parameters.Length != P.Count)
        {
            throw new ArgumentException($"Unpack needs {Size} packed bytes and room for {P.Count} values.");
        }

        for (int op = 0; op < 6; op++)
        {
            var src = packed.Slice(op * OperatorSize, OperatorSize);
            var dst = parameters.Slice(op * P.PerOperator, P.PerOperator);
            src[..11].CopyTo(dst); // EG rates, levels, break point, depths
            dst[P.OpLeftCurve] = (byte)(src[11] & 0x03);
            dst[P.OpRightCurve] = (byte)((src[11] >> 2) & 0x03);
            dst[P.OpRateScaling] = (byte)(src[12] & 0x07);
            dst[P.OpDetune] = (byte)((src[12] >> 3) & 0x0F);
            dst[P.OpAmpModSensitivity] = (byte)(src[13] & 0x03);
            dst[P.OpVelocitySensitivity] = (byte)((src[13] >> 2) & 0x07);
            dst[P.OpOutputLevel] = src[14];
            dst[P.OpOscillatorMode] = (byte)(src[15] & 0x01);
            dst[P.OpCoarse] = (byte)((src[15] >> 1) & 0x1F);
            dst[P.OpFine] = src[16];
        }

        var g = packed[GlobalStart..];
        g[..8].CopyTo(parameters[P.PitchEgRate1..]);
        parameters[P.Algorithm] = (byte)(g[8] & 0x1F);
        parameters[P.Feedback] = (byte)(g[9] & 0x07);
        parameters[P.OscillatorKeySync] = (byte)((g[9] >> 3) & 0x01);
        g.Slice(10, 4).CopyTo(parameters[P.LfoSpeed..]);
        parameters[P.LfoKeySync] = (byte)(g[14] & 0x01);
        parameters[P.LfoWave] = (byte)((g[14] >> 1) & 0x07);
        parameters[P.PitchModSensitivity] = (byte)((g[14] >> 4) & 0x07);
        parameters[P.Transpose] = g[15];
        g.Slice(16, P.NameLength).CopyTo(parameters[P.Name..]);
    }

    /// <summary>Unpacks one voice, keeping any bits set outside the fields so that it packs back identically.</summary>
    public static Dx7Voice ToVoice(ReadOnlySpan<byte> packed)
    {
        var parameters = new byte[P.Count];
        Unpack(packed, parameters);

        byte[]? unused = null;
        var used = UsedBits;
        for (int i = 0; i < Size; i++)
        {
            int extra = packed[i] & ~used[i] & 0x7F;
            if (extra != 0)
            {
                unused ??= new byte[Size];
                unused[i] = (byte)extra;
            }
        }

        return Dx7Voice.FromPacked(parameters, unused);
    }

    /// <summary>
    /// Packs a voice into 128 bytes. Values wider than their bit field are cut to it, so callers
    /// check <see cref="FindUnpackable"/> first; unused bits the voice was read with are restored.
    /// </summary>
    public static void Pack(Dx7Voice voice, Span<byte> packed)
    {
        if (packed.Length != Size)
        {
            throw new ArgumentException($"A packed voice is {Size} bytes.", nameof(packed));
        }

        var p = voice.Parameters;
        for (int op = 0; op < 6; op++)
        {
            var src = p.Slice(op * P.PerOperator, P.PerOperator);
            var dst = packed.Slice(op * OperatorSize, OperatorSize);
            for (int i = 0; i < 11; i++)
            {
                dst[i] = (byte)(src[i] & 0x7F);
            }

            dst[11] = (byte)(((src[P.OpRightCurve] & 0x03) << 2) | (src[P.OpLeftCurve] & 0x03));
            dst[12] = (byte)(((src[P.OpDetune] & 0x0F) << 3) | (src[P.OpRateScaling] & 0x07));
            dst[13] = (byte)(((src[P.OpVelocitySensitivity] & 0x07) << 2) | (src[P.OpAmpModSensitivity] & 0x03));
            dst[14] = (byte)(src[P.OpOutputLevel] & 0x7F);
            dst[15] = (byte)(((src[P.OpCoarse] & 0x1F) << 1) | (src[P.OpOscillatorMode] & 0x01));
            dst[16] = (byte)(src[P.OpFine] & 0x7F);
        }

        var g = packed[GlobalStart..];
        for (int i = 0; i < 8; i++)
        {
            g[i] = (byte)(p[P.PitchEgRate1 + i] & 0x7F);
        }

        g[8] = (byte)(p[P.Algorithm] & 0x1F);
        g[9] = (byte)(((p[P.OscillatorKeySync] & 0x01) << 3) | (p[P.Feedback] & 0x07));
        for (int i = 0; i < 4; i++)
        {
            g[10 + i] = (byte)(p[P.LfoSpeed + i] & 0x7F);
        }

        g[14] = (byte)(((p[P.PitchModSensitivity] & 0x07) << 4) | ((p[P.LfoWave] & 0x07) << 1) | (p[P.LfoKeySync] & 0x01));
        g[15] = (byte)(p[P.Transpose] & 0x7F);
        for (int i = 0; i < P.NameLength; i++)
        {
            g[16 + i] = (byte)(p[P.Name + i] & 0x7F);
        }

        var unused = voice.UnusedPackedBits;
        for (int i = 0; i < unused.Length; i++)
        {
            packed[i] |= unused[i];
        }
    }
}
