using System.Text.RegularExpressions;
using System.Xml.Linq;
using NeuralDx7.PowerShell.Help;

namespace NeuralDx7.Tests.PowerShell;

/// <summary>
/// The module checked the way PowerShell would see it, without PowerShell: attributes read with
/// MetadataLoadContext, the manifest, the format file, the scripts and the README.
/// </summary>
public sealed partial class ModuleStaticTests : IDisposable
{
    // PowerShell 7's Get-Verb: https://learn.microsoft.com/powershell/scripting/developer/cmdlet/approved-verbs-for-windows-powershell-commands
    private static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split",
        "Step", "Switch", "Undo", "Unlock", "Watch",
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export",
        "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update",
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register",
        "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
        "Use",
    };

    private readonly CmdletMetadata _metadata = ModuleFiles.Load();

    private IReadOnlyList<CmdletInfo> Cmdlets => _metadata.Cmdlets();

    [Fact]
    public void Every_cmdlet_has_an_approved_verb_a_singular_prefixed_noun_and_an_output_type()
    {
        Assert.NotEmpty(Cmdlets);
        foreach (var cmdlet in Cmdlets)
        {
            Assert.True(ApprovedVerbs.Contains(cmdlet.Verb), $"{cmdlet.Name}: '{cmdlet.Verb}' is not an approved verb");
            Assert.Matches(@"^(Dx7[A-Z][a-z]+([A-Z][a-z]+)*|Syx|Midi[A-Z][a-z]+)$", cmdlet.Noun);
            Assert.False(cmdlet.Noun.EndsWith('s') && !cmdlet.Noun.EndsWith("ss", StringComparison.Ordinal) && !cmdlet.Noun.EndsWith("us", StringComparison.Ordinal),
                $"{cmdlet.Name}: nouns are singular"); // Corpus, like Status, is singular
            Assert.True(cmdlet.OutputTypes.Count > 0, $"{cmdlet.Name} declares no OutputType");
        }
    }

    [Fact]
    public void Voices_flow_through_the_pipeline_by_value_and_by_property_name()
    {
        string[] consumers = ["Export-Syx", "Export-Dx7Audio", "Test-Dx7Voice", "Repair-Dx7Voice", "New-Dx7Variation", "Get-Dx7Latent"];
        foreach (string name in consumers)
        {
            var input = Assert.Single(Cmdlets.Single(c => c.Name == name).Parameters, p => p.Name == "InputObject");
            Assert.True(input.ByValue && input.ByPropertyName, $"{name} -InputObject must take pipeline input both ways");
            Assert.Equal("NeuralDx7.Voice.Dx7Voice[]", input.TypeName);
            Assert.Contains("Voice", input.Aliases);
        }

        var path = Cmdlets.Single(c => c.Name == "Get-Dx7Voice").Parameters.Single(p => p.Name == "Path");
        Assert.True(path.ByValue && path.ByPropertyName && path.Wildcards);
        var literal = Cmdlets.Single(c => c.Name == "Get-Dx7Voice").Parameters.Single(p => p.Name == "LiteralPath");
        Assert.Contains("FullName", literal.Aliases); // Get-ChildItem | Get-Dx7Voice
    }

    [Fact]
    public void Cmdlets_that_write_files_support_WhatIf_and_Confirm()
    {
        foreach (string name in new[] { "Export-Syx", "Export-Dx7Audio", "Invoke-Dx7Training", "Measure-Dx7Latent", "Send-MidiSysex", "Start-Dx7Live" })
        {
            Assert.True(Cmdlets.Single(c => c.Name == name).SupportsShouldProcess, $"{name} must support -WhatIf and -Confirm");
        }
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlet_classes_and_names_files_that_exist()
    {
        Assert.Equal(Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), ModuleFiles.ExportedCmdlets().Order(StringComparer.Ordinal));
        string manifest = File.ReadAllText(ModuleFiles.Manifest);
        Assert.Contains("RootModule           = 'module/bin/NeuralDx7.PowerShell.dll'", manifest, StringComparison.Ordinal);
        Assert.Contains("FormatsToProcess     = @('module/NeuralDx7.Format.ps1xml')", manifest, StringComparison.Ordinal);
        Assert.True(File.Exists(ModuleFiles.FormatFile));
        Assert.DoesNotContain("*", string.Join(' ', ModuleFiles.ExportedCmdlets()), StringComparison.Ordinal);
        Assert.Matches(@"PowerShellVersion\s*=\s*'7\.4'", manifest);
    }

    [Fact]
    public void The_format_file_is_valid_XML_and_names_types_that_exist()
    {
        var document = XDocument.Load(ModuleFiles.FormatFile);
        var typeNames = document.Descendants("TypeName").Select(t => t.Value).ToList();
        Assert.NotEmpty(typeNames);
        foreach (string typeName in typeNames)
        {
            var type = _metadata.FindType(typeName);
            Assert.True(type is not null, $"the format file names {typeName}, which no module assembly defines");
            foreach (var property in document.Descendants("View").Where(v => v.Descendants("TypeName").Any(t => t.Value == typeName))
                .Descendants("PropertyName").Select(p => p.Value))
            {
                Assert.True(type!.GetProperty(property) is not null, $"{typeName} has no property {property}");
            }
        }
    }

    [Fact]
    public void Every_command_the_scripts_and_the_README_use_is_exported()
    {
        var exported = ModuleFiles.ExportedCmdlets().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sources = Directory.GetFiles(Path.Combine(ModuleFiles.Root, "scripts"), "*.ps1")
            .Append(Path.Combine(ModuleFiles.Root, "README.md"))
            .Concat(Directory.GetFiles(Path.Combine(ModuleFiles.Root, "module"), "*.txt", SearchOption.AllDirectories));
        int seen = 0;
        foreach (string file in sources)
        {
            foreach (Match match in CommandName().Matches(File.ReadAllText(file)))
            {
                seen++;
                Assert.True(exported.Contains(match.Value), $"{Path.GetFileName(file)} uses {match.Value}, which the module does not export");
            }
        }

        Assert.True(seen > 10, "the scripts and README should use the module's commands");
    }

    [Fact]
    public void The_generated_help_has_a_synopsis_an_example_and_every_parameter_described()
    {
        var documentation = XDocument.Load(Path.ChangeExtension(ModuleFiles.Assembly, ".xml"));
        var maml = MamlWriter.Write(Cmdlets, documentation);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10", maml2 = "http://schemas.microsoft.com/maml/2004/10";
        var commands = maml.Root!.Elements(command + "command").ToList();
        Assert.Equal(Cmdlets.Count, commands.Count);
        foreach (var help in commands)
        {
            string name = help.Element(command + "details")!.Element(command + "name")!.Value;
            Assert.False(string.IsNullOrWhiteSpace(help.Element(command + "details")!.Element(maml2 + "description")!.Value), $"{name} has no synopsis");
            Assert.True(help.Descendants(command + "example").Any(), $"{name} has no example");
            Assert.All(help.Descendants(command + "example"), e => Assert.Contains(name, e.Value, StringComparison.Ordinal));
            foreach (var parameter in help.Element(command + "parameters")!.Elements(command + "parameter"))
            {
                Assert.False(string.IsNullOrWhiteSpace(parameter.Element(maml2 + "description")?.Value),
                    $"{name} -{parameter.Element(maml2 + "name")!.Value} has no description");
            }
        }
    }

    public void Dispose() => _metadata.Dispose();

    // Verb-Noun names of this module: the Dx7 nouns, Syx and Midi.
    [GeneratedRegex(@"\b[A-Z][a-z]+-(Dx7[A-Za-z]+|Syx|Midi[A-Za-z]+)\b")]
    private static partial Regex CommandName();
}
