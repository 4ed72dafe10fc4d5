using NeuralDx7.Voice;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// The row of a decoder's category table a voice reads: 0 for "any" (a voice whose name says no category, a
/// training voice whose category was hidden, an unconditioned draw), then one per <see cref="VoiceCategory"/>.
/// </summary>
public static class CategoryCode
{
    public const int Any = 0;

    /// <summary>Rows in the table: "any" and every category.</summary>
    public static int Count { get; } = VoiceCategories.All.Count + 1;

    public static int Of(VoiceCategory? category) => category is VoiceCategory c ? 1 + (int)c : Any;
}
