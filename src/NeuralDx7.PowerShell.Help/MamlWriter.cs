using System.Xml;
using System.Xml.Linq;

namespace NeuralDx7.PowerShell.Help;

/// <summary>
/// Writes MAML (what Get-Help reads for binary cmdlets) from the cmdlets' XML documentation: the class's
/// summary is the synopsis, its remarks the description, each example element an example (code, then
/// paragraphs), each property's summary its parameter's description.
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IReadOnlyList<CmdletInfo> cmdlets, XDocument documentation)
    {
        ArgumentNullException.ThrowIfNull(cmdlets);
        ArgumentNullException.ThrowIfNull(documentation);
        var members = documentation.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var cmdlet in cmdlets)
        {
            members.TryGetValue("T:" + cmdlet.ClassName, out var doc);
            string summary = Text(doc?.Element("summary"));
            string synopsis = FirstSentence(summary);
            root.Add(new XElement(Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XElement(Command + "details",
                    new XElement(Command + "name", cmdlet.Name),
                    new XElement(Command + "verb", cmdlet.Verb),
                    new XElement(Command + "noun", cmdlet.Noun),
                    new XElement(Maml + "description", Para(synopsis))),
                new XElement(Maml + "description", Paragraphs(summary + "\n\n" + Text(doc?.Element("remarks")))),
                new XElement(Command + "syntax", cmdlet.Parameters.GroupBy(p => p.ParameterSet).Select(set => new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", cmdlet.Name),
                    Parameters(cmdlet, set.Concat(cmdlet.Parameters.Where(p => p.ParameterSet == "__AllParameterSets" && set.Key != "__AllParameterSets")), members, inSyntax: true)))),
                new XElement(Command + "parameters", Parameters(cmdlet, cmdlet.Parameters.DistinctBy(p => p.Name), members, inSyntax: false)),
                new XElement(Command + "inputTypes", cmdlet.Parameters.Where(p => p.ByValue).DistinctBy(p => p.TypeName).Select(p =>
                    new XElement(Command + "inputType", new XElement(Dev + "type", new XElement(Maml + "name", p.TypeName))))),
                new XElement(Command + "returnValues", cmdlet.OutputTypes.Select(t =>
                    new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", t))))),
                new XElement(Command + "examples", (doc?.Elements("example") ?? []).Select((example, i) => new XElement(Command + "example",
                    new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
                    new XElement(Dev + "code", Text(example.Element("code"))),
                    new XElement(Dev + "remarks", example.Elements("para").Select(p => Para(Text(p))))))),
                new XElement(Command + "relatedLinks",
                    new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", "about_NeuralDx7")))));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static IEnumerable<XElement> Parameters(CmdletInfo cmdlet, IEnumerable<CmdletParameter> parameters, Dictionary<string, XElement> members, bool inSyntax) =>
        parameters.Select(p =>
        {
            members.TryGetValue($"P:{p.DeclaringClass}.{p.Name}", out var doc);
            string pipeline = p.ByValue || p.ByPropertyName
                ? $"True ({string.Join(", ", new[] { p.ByValue ? "ByValue" : null, p.ByPropertyName ? "ByPropertyName" : null }.Where(x => x is not null))})"
                : "False";
            var element = new XElement(Command + "parameter",
                new XAttribute("required", p.Mandatory ? "true" : "false"),
                new XAttribute("globbing", p.Wildcards ? "true" : "false"),
                new XAttribute("pipelineInput", pipeline),
                new XAttribute("position", p.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
                new XAttribute("aliases", p.Aliases.Count > 0 ? string.Join(", ", p.Aliases) : "none"),
                new XElement(Maml + "name", p.Name));
            if (!inSyntax)
            {
                element.Add(new XElement(Maml + "description", Paragraphs(Text(doc?.Element("summary")))));
            }

            if (p.TypeName != "System.Management.Automation.SwitchParameter")
            {
                element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), ShortType(p.TypeName)));
            }

            if (!inSyntax)
            {
                element.Add(new XElement(Dev + "type", new XElement(Maml + "name", p.TypeName)));
            }

            return element;
        });

    private static IEnumerable<XElement> Paragraphs(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Para);

    private static XElement Para(string text) => new(Maml + "para", text);

    private static string ShortType(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];

    /// <summary>The text of a doc element, with cref references as names and whitespace collapsed per paragraph.</summary>
    private static string Text(XElement? element)
    {
        if (element is null)
        {
            return "";
        }

        var copy = new XElement(element);
        foreach (var reference in copy.Descendants().Where(d => d.Name == "see" || d.Name == "paramref" || d.Name == "c").ToList())
        {
            string name = (string?)reference.Attribute("cref") ?? (string?)reference.Attribute("name") ?? reference.Value;
            reference.ReplaceWith(name[(name.LastIndexOf('.') + 1)..]);
        }

        var lines = copy.Value.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        if (element.Name == "code")
        {
            return string.Join('\n', lines.SkipWhile(string.IsNullOrEmpty).Reverse().SkipWhile(string.IsNullOrEmpty).Reverse());
        }

        return string.Join("\n\n", string.Join('\n', lines).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.RemoveEmptyEntries))));
    }

    private static string FirstSentence(string text)
    {
        int end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    public static void Save(XDocument document, string path)
    {
        ArgumentNullException.ThrowIfNull(document);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true });
        document.Save(writer);
    }
}
