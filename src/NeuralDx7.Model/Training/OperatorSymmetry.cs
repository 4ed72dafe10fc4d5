using NeuralDx7.Voice;

namespace NeuralDx7.Model.Training;

/// <summary>
/// Renumberings of a voice's operators that leave its sound unchanged: for each algorithm, the permutations of
/// operators 1-6 that map every modulation onto a modulation and every carrier onto a carrier, and keep the feedback
/// loop on its own operators. Moving each operator's 21 parameters to its new number gives another voice with the same
/// sound (an algorithm 32 organ has 120 of them): training data that teaches the sound, not one programmer's habit.
/// </summary>
public static class OperatorSymmetry
{
    private static readonly int[][][] ByAlgorithm = [.. Algorithm.All.Select(Automorphisms)];

    /// <summary>The sound-keeping renumberings of algorithm 1-32, the identity first: entry k - 1 is operator k's new number.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Of(int algorithm) => ByAlgorithm[algorithm - 1];

    /// <summary>
    /// Rewrites one voice's tokens (155, VCED order) in place with a renumbering drawn uniformly from its algorithm's,
    /// the identity included.
    /// </summary>
    public static void Permute(Span<int> voice, Nn.SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int algorithm = voice[Dx7Parameters.Algorithm] + 1;
        var choices = ByAlgorithm[Math.Clamp(algorithm, 1, 32) - 1];
        var renumbering = choices[random.NextInt(choices.Length)];
        if (renumbering.Length == 0)
        {
            return;
        }

        Span<int> operators = stackalloc int[6 * Dx7Parameters.PerOperator];
        voice[..operators.Length].CopyTo(operators);
        for (int op = 1; op <= 6; op++)
        {
            // VCED stores OP6 first: operator k's block starts at (6 - k) * 21.
            operators.Slice((6 - op) * Dx7Parameters.PerOperator, Dx7Parameters.PerOperator)
                .CopyTo(voice.Slice((6 - renumbering[op - 1]) * Dx7Parameters.PerOperator, Dx7Parameters.PerOperator));
        }
    }

    // Every permutation of 1-6 tried against the algorithm's graph; the identity is stored empty (nothing to move).
    private static int[][] Automorphisms(Algorithm algorithm)
    {
        var edges = algorithm.Modulations.ToHashSet();
        var carriers = algorithm.Carriers.ToHashSet();
        var found = new List<int[]> { Array.Empty<int>() };
        foreach (var p in Permutations([1, 2, 3, 4, 5, 6]))
        {
            bool identity = p.Select((to, i) => to == i + 1).All(same => same);
            if (identity
                || p[algorithm.FeedbackFrom - 1] != algorithm.FeedbackFrom || p[algorithm.FeedbackTo - 1] != algorithm.FeedbackTo
                || !edges.All(e => edges.Contains((p[e.From - 1], p[e.To - 1])))
                || !carriers.All(c => carriers.Contains(p[c - 1])))
            {
                continue;
            }

            found.Add(p);
        }

        return [.. found];
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            int[] rest = [.. items[..i], .. items[(i + 1)..]];
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
