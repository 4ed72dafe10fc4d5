using System.Text;

namespace NeuralDx7.Cli.Output;

/// <summary>A plain text table: a header row, then rows, columns padded to their widest cell.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public void Add(params string[] cells) => _rows.Add([.. cells.Select(Text.Printable.Escape)]); // escaped before the widths are measured

    public void WriteTo(TextWriter output)
    {
        var widths = new int[_rows[0].Length];
        foreach (var row in _rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var line = new StringBuilder();
        foreach (var row in _rows)
        {
            line.Clear();
            for (int i = 0; i < row.Length; i++)
            {
                line.Append(row[i].PadRight(i == row.Length - 1 ? 0 : widths[i] + 2));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }
}
