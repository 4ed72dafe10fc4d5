using System.Globalization;
using System.Text;

namespace NeuralDx7.Text;

/// <summary>
/// Text from files (voice names, file names, MIDI text) made safe to show: control characters (C0 but tab and line
/// ends, DEL, C1) become visible escapes like \x1B, so a voice named with terminal codes cannot clear a screen or
/// rewrite what is shown.
/// </summary>
public static class Printable
{
    /// <summary>A character a terminal would act on instead of showing.</summary>
    public static bool IsControl(char c) => c is (< ' ' and not ('\t' or '\n' or '\r')) or (>= '\x7F' and <= '\x9F');

    /// <summary>The text with every control character as \xNN; the same string when there is none.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsControl))
        {
            return text ?? "";
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            Append(escaped, c);
        }

        return escaped.ToString();
    }

    /// <summary>Appends one character, escaped if it is a control character.</summary>
    public static void Append(StringBuilder to, char c)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (IsControl(c))
        {
            to.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
        }
        else
        {
            to.Append(c);
        }
    }
}
