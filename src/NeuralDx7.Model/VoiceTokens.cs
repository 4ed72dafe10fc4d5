using NeuralDx7.Voice;

namespace NeuralDx7.Model;

/// <summary>Voices as the model sees them: 155 tokens, each a parameter value, and which values each may take.</summary>
public static class VoiceTokens
{
    /// <summary>[155 x 128]: true where a value is within that parameter's range. Masks the model's logits.</summary>
    public static bool[] AllowedValues { get; } = BuildAllowed();

    /// <summary>Writes the 155 parameter values of each voice, one voice after another.</summary>
    public static int[] Encode(IReadOnlyList<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        var tokens = new int[voices.Count * ModelConfig.Positions];
        for (int v = 0; v < voices.Count; v++)
        {
            var p = voices[v].Parameters;
            for (int i = 0; i < ModelConfig.Positions; i++)
            {
                tokens[(v * ModelConfig.Positions) + i] = p[i];
            }
        }

        return tokens;
    }

    public static Dx7Voice Decode(ReadOnlySpan<int> tokens)
    {
        Span<byte> p = stackalloc byte[Dx7Parameters.Count];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (byte)tokens[i];
        }

        return Dx7Voice.FromParameters(p);
    }

    private static bool[] BuildAllowed()
    {
        var allowed = new bool[ModelConfig.Positions * ModelConfig.Vocabulary];
        foreach (var parameter in Dx7Parameters.All)
        {
            for (int v = parameter.Min; v <= parameter.Max; v++)
            {
                allowed[(parameter.Index * ModelConfig.Vocabulary) + v] = true;
            }
        }

        return allowed;
    }
}
