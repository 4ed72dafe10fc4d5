using System.Globalization;
using System.Text;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Reports;

/// <summary>
/// An algorithm drawn as the DX7's panel draws it, in SVG: the six operators as boxes, carriers on the bottom row with
/// the output bus under them, each modulator above what it modulates, and the feedback loop on the operator that has
/// it. Every box and line names what it is (data-op, data-from, data-to), so the drawing can be checked against the
/// algorithm table it is made from.
/// </summary>
public static class AlgorithmDiagram
{
    private const int Cell = 34, Box = 22, Margin = 10;

    public static string Svg(int algorithm, int feedback)
    {
        var a = Algorithm.Get(algorithm);
        var (column, row) = Layout(a);
        int columns = column.Values.Max() + 1, rows = row.Values.Max() + 1;
        int width = (columns * Cell) + (2 * Margin) + 10, height = (rows * Cell) + (2 * Margin) + 10;
        double X(int op) => Margin + (column[op] * Cell) + (Cell / 2.0);
        double Y(int op) => Margin + ((rows - 1 - row[op]) * Cell) + (Cell / 2.0);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"algorithm\" data-algorithm=\"{algorithm}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Algorithm {algorithm}\">"));
        svg.Append(Invariant($"<title>Algorithm {algorithm}, feedback {feedback}</title>"));
        foreach (var (from, to) in a.Modulations)
        {
            svg.Append(Invariant($"<line class=\"mod\" data-from=\"{from}\" data-to=\"{to}\" x1=\"{X(from):0.#}\" y1=\"{Y(from) + (Box / 2.0):0.#}\" x2=\"{X(to):0.#}\" y2=\"{Y(to) - (Box / 2.0):0.#}\"/>"));
        }

        // The output bus: a line under the carriers, and a stub down to it from each.
        double bus = height - Margin;
        var carriers = a.Carriers.OrderBy(c => column[c]).ToList();
        svg.Append(Invariant($"<line class=\"bus\" x1=\"{X(carriers[0]):0.#}\" y1=\"{bus:0.#}\" x2=\"{X(carriers[^1]):0.#}\" y2=\"{bus:0.#}\"/>"));
        foreach (int c in carriers)
        {
            svg.Append(Invariant($"<line class=\"out\" data-from=\"{c}\" x1=\"{X(c):0.#}\" y1=\"{Y(c) + (Box / 2.0):0.#}\" x2=\"{X(c):0.#}\" y2=\"{bus:0.#}\"/>"));
        }

        // Feedback: out of the right of one operator, round, and into the top of the one it feeds (itself, mostly).
        double fx = X(a.FeedbackFrom) + (Box / 2.0), fy = Y(a.FeedbackFrom), tx = X(a.FeedbackTo), ty = Y(a.FeedbackTo) - (Box / 2.0);
        double side = Math.Max(fx, X(a.FeedbackTo) + (Box / 2.0)) + 6;
        svg.Append(Invariant(
            $"<path class=\"feedback\" data-from=\"{a.FeedbackFrom}\" data-to=\"{a.FeedbackTo}\" data-amount=\"{feedback}\" d=\"M{fx:0.#},{fy:0.#} H{side:0.#} V{ty - 6:0.#} H{tx:0.#} V{ty:0.#}\"/>"));

        foreach (int op in Enumerable.Range(1, 6))
        {
            string kind = a.Carriers.Contains(op) ? "op carrier" : "op";
            svg.Append(Invariant($"<g class=\"{kind}\" data-op=\"{op}\"><rect x=\"{X(op) - (Box / 2.0):0.#}\" y=\"{Y(op) - (Box / 2.0):0.#}\" width=\"{Box}\" height=\"{Box}\" rx=\"3\"/>"));
            svg.Append(Invariant($"<text x=\"{X(op):0.#}\" y=\"{Y(op) + 4:0.#}\">{op}</text></g>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// Rows from the bottom (carriers 0, a modulator one above the highest it modulates) and columns: each carrier a new
    /// column from the left, each modulator over the first operator it modulates, further modulators of one operator
    /// in new columns to the right.
    /// </summary>
    internal static (Dictionary<int, int> Column, Dictionary<int, int> Row) Layout(Algorithm a)
    {
        var row = new Dictionary<int, int>();
        int RowOf(int op) => row.TryGetValue(op, out int r) ? r
            : row[op] = a.Modulations.Where(m => m.From == op).Select(m => RowOf(m.To) + 1).DefaultIfEmpty(0).Max();
        foreach (int op in Enumerable.Range(1, 6))
        {
            RowOf(op);
        }

        var column = new Dictionary<int, int>();
        int next = 0;
        void Place(int op, int at)
        {
            column[op] = at;
            bool first = true;
            foreach (int modulator in a.ModulatorsOf(op).OrderByDescending(m => m).Where(m => !column.ContainsKey(m)))
            {
                Place(modulator, first ? at : ++next);
                first = false;
            }
        }

        foreach (int carrier in a.Carriers.Order())
        {
            Place(carrier, column.Count == 0 ? 0 : ++next);
        }

        return (column, row);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
