namespace NeuralDx7.Voice;

/// <summary>A DX7 cartridge: exactly 32 voices, what one bulk dump holds.</summary>
public sealed class Dx7Cartridge
{
    public const int VoiceCount = 32;

    private readonly Dx7Voice[] _voices;

    private Dx7Cartridge(Dx7Voice[] voices) => _voices = voices;

    public IReadOnlyList<Dx7Voice> Voices => _voices;

    /// <summary>A cartridge of up to 32 voices; the remaining slots hold the INIT VOICE, as on a fresh cartridge.</summary>
    public static Dx7Cartridge FromVoices(IEnumerable<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        var list = voices.ToList();
        if (list.Count > VoiceCount)
        {
            throw new ArgumentException($"A cartridge holds {VoiceCount} voices, not {list.Count}; split them over several cartridges.", nameof(voices));
        }

        while (list.Count < VoiceCount)
        {
            list.Add(Dx7Voice.Init);
        }

        return new Dx7Cartridge([.. list]);
    }

    /// <summary>As many cartridges as the voices need, 32 voices each, the last one padded.</summary>
    public static IReadOnlyList<Dx7Cartridge> Split(IEnumerable<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        var carts = voices.Chunk(VoiceCount).Select(FromVoices).ToList();
        return carts.Count > 0 ? carts : [FromVoices([])];
    }
}
