using System.Text.RegularExpressions;

namespace NeuralDx7.Cli.Output;

/// <summary>The command-line parser's messages in words: option values by what they must be, not by .NET type.</summary>
internal static partial class ParseErrors
{
    public static string Describe(string message)
    {
        var match = CannotParse().Match(message);
        if (!match.Success)
        {
            return message.ReplaceLineEndings(" ").Trim();
        }

        string type = match.Groups["type"].Value;
        string inner = Nullable().Match(type) is { Success: true } n ? n.Groups[1].Value : type;
        string expected = inner switch
        {
            "System.UInt64" => "a whole number from 0 to 18446744073709551615",
            "System.Int32" => "a whole number",
            "System.Int64" => "a whole number",
            "System.Double" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            _ when message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList() is { Count: > 0 } values
                => "one of " + string.Join(", ", values.Select(v => v.ToLowerInvariant())),
            _ => "one of the values in --help",
        };
        return $"{match.Groups["option"].Value} must be {expected}, not '{match.Groups["value"].Value}'.";
    }

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<option>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^System\.Nullable`1\[(.*)\]$")]
    private static partial Regex Nullable();
}
