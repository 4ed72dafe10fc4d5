using System.Text.RegularExpressions;
using NeuralDx7.PowerShell.Help;

namespace NeuralDx7.Tests.PowerShell;

/// <summary>The module as built and as laid out in the repository, for checks that need no PowerShell.</summary>
internal static partial class ModuleFiles
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "NeuralDx7.psd1");

    public static string FormatFile => Path.Combine(Root, "module", "NeuralDx7.Format.ps1xml");

    public static string Assembly => Path.Combine(Root, "src", "NeuralDx7.PowerShell", "bin",
#if RELEASE_BUILD
        "Release",
#else
        "Debug",
#endif
        "net8.0", "NeuralDx7.PowerShell.dll");

    /// <summary>PowerShellStandard's System.Management.Automation, from the NuGet package folder restore filled.</summary>
    public static string AutomationAssembly
    {
        get
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var version = System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
                .Single(p => (string?)p.Attribute("Include") == "PowerShellStandard.Library").Attribute("Version")!.Value;
            return Path.Combine(packages, "powershellstandard.library", version, "lib", "netstandard2.0", "System.Management.Automation.dll");
        }
    }

    public static CmdletMetadata Load() => new(Assembly, AutomationAssembly);

    /// <summary>The names in the manifest's CmdletsToExport.</summary>
    public static IReadOnlyList<string> ExportedCmdlets()
    {
        var block = ExportBlock().Match(File.ReadAllText(Manifest));
        Assert.True(block.Success, "NeuralDx7.psd1 has no CmdletsToExport = @( ... )");
        return [.. QuotedName().Matches(block.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuralDx7.psd1")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NeuralDx7.psd1 not found above the test assembly.");
    }

    [GeneratedRegex(@"CmdletsToExport\s*=\s*@\(([^)]*)\)", RegexOptions.Singleline)]
    private static partial Regex ExportBlock();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedName();
}
