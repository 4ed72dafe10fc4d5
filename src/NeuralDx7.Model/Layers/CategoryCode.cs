using NeuralDx7.Voice;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// The row of a decoder's category table a voice reads: "any" (an unconditioned draw, and in training a share of every
/// kind of voice, so this row learns all voices as they come), "unnamed" (a training voice whose name says no category),
/// then one per <see cref="VoiceCategory"/>.
/// </summary>
public static class CategoryCode
{
    public const int Any = 0;

    public const int Unnamed = 1;

    /// <summary>Rows in the table: "any", "unnamed" and every category.</summary>
    public static int Count { get; } = VoiceCategories.All.Count + 2;

    /// <summary>The row of a draw asked for a category, or for none (null: "any").</summary>
    public static int Of(VoiceCategory? category) => category is VoiceCategory c ? 2 + (int)c : Any;

    /// <summary>The row a training voice is shown with when its category is not hidden: its name's category, or "unnamed".</summary>
    public static int OfTrainingVoice(Dx7Voice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        return VoiceCategories.FromName(voice.Name) is VoiceCategory c ? Of(c) : Unnamed;
    }
}
