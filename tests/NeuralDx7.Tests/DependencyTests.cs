using System.Xml.Linq;

namespace NeuralDx7.Tests;

/// <summary>
/// The project graph points inward only, as ARCHITECTURE.md draws it: the two front ends on the application layer, the
/// application layer on the domain libraries, the engine and the DX7 core on nothing of ours. Read from the csproj files.
/// </summary>
public sealed class DependencyTests
{
    // Each project, and the projects of ours it may reference. Anything else is an edge pointing outward.
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["NeuralDx7.Core"] = [],
        ["NeuralDx7.Nn"] = [],
        ["NeuralDx7.Synth"] = ["NeuralDx7.Core", "NeuralDx7.Midi"], // the hexter host sends ALSA sequencer events
        ["NeuralDx7.Midi"] = ["NeuralDx7.Core"],
        ["NeuralDx7.Model"] = ["NeuralDx7.Core", "NeuralDx7.Nn"],
        ["NeuralDx7.Matching"] = ["NeuralDx7.Core", "NeuralDx7.Nn", "NeuralDx7.Model", "NeuralDx7.Synth"],
        ["NeuralDx7.Application"] = ["NeuralDx7.Core", "NeuralDx7.Nn", "NeuralDx7.Model", "NeuralDx7.Synth", "NeuralDx7.Midi", "NeuralDx7.Matching"],
        ["NeuralDx7.Cli"] = ["NeuralDx7.Application"],
        ["NeuralDx7.PowerShell"] = ["NeuralDx7.Application"],
        ["NeuralDx7.PowerShell.Help"] = [],
    };

    private static string Source => Path.Combine(PowerShell.ModuleFiles.Root, "src");

    [Fact]
    public void Every_project_references_only_the_layers_beneath_it()
    {
        var projects = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(name => File.Exists(Path.Combine(Source, name!, name + ".csproj"))).ToList();
        Assert.Equal(Allowed.Keys.Order(), projects.Order()!); // a new project takes its place in the table first

        foreach (var (project, allowed) in Allowed)
        {
            var references = References(project);
            var outward = references.Except(allowed).ToList();
            Assert.True(outward.Count == 0, $"{project} references {string.Join(", ", outward)}, which is not beneath it.");
        }
    }

    [Fact]
    public void The_engine_and_the_core_stay_free_of_each_other_and_of_the_front_ends()
    {
        Assert.Empty(References("NeuralDx7.Nn"));
        Assert.Empty(References("NeuralDx7.Core"));
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Source, "NeuralDx7.Nn"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(file);
            Assert.False(text.Contains("NeuralDx7.Voice", StringComparison.Ordinal) || text.Contains("NeuralDx7.IO", StringComparison.Ordinal), $"{file} uses the DX7 domain.");
        }
    }

    private static IReadOnlyList<string> References(string project) =>
        [.. XDocument.Load(Path.Combine(Source, project, project + ".csproj")).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string)r.Attribute("Include")!).Replace('\\', '/')))];
}
