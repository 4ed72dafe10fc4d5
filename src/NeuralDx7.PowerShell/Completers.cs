using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using NeuralDx7.Midi;

namespace NeuralDx7.PowerShell;

/// <summary>Completes synth ports (that MIDI is sent to) with the names of the ports that exist now.</summary>
public sealed class DestinationPortCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.MidiPorts(MidiDirection.Destination, wordToComplete, fakeBoundParameters);
}

/// <summary>Completes controller ports (that MIDI is received from) with the names of the ports that exist now.</summary>
public sealed class SourcePortCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completion.MidiPorts(MidiDirection.Source, wordToComplete, fakeBoundParameters);
}

/// <summary>
/// Completes -Model with model folders (holding model.safetensors) under the folder typed so far, and the folders on
/// the way to them, so Tab walks down to a model as path completion does.
/// </summary>
public sealed class ModelFolderCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = Completion.Unquote(wordToComplete);
        string current = SessionCurrentDirectory();
        int slash = typed.LastIndexOfAny(['/', '\\']);
        string folderTyped = slash >= 0 ? typed[..(slash + 1)] : "";
        string leaf = typed[(slash + 1)..];
        string folder = Path.GetFullPath(Path.Combine(current, folderTyped.Length == 0 ? "." : folderTyped));
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        string[] candidates;
        try
        {
            candidates = [.. Directory.EnumerateDirectories(folder, leaf + "*").Order(StringComparer.OrdinalIgnoreCase)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (string candidate in candidates)
        {
            bool isModel = IsModel(candidate);
            if (isModel || HoldsModels(candidate))
            {
                string text = folderTyped + Path.GetFileName(candidate) + (isModel ? "" : Path.DirectorySeparatorChar.ToString());
                yield return new CompletionResult(Completion.Quote(text), text, CompletionResultType.ProviderContainer,
                    isModel ? $"model: {candidate}" : candidate);
            }
        }
    }

    private static bool IsModel(string folder) => File.Exists(Path.Combine(folder, Model.TrainedModel.WeightsFile));

    private static bool HoldsModels(string folder)
    {
        try
        {
            return Directory.EnumerateDirectories(folder).Any(IsModel);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Completion runs in the session, so its current location is the one the user sees.
    private static string SessionCurrentDirectory()
    {
        using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        var location = ps.AddCommand("Get-Location").Invoke<PathInfo>().FirstOrDefault();
        return location?.ProviderPath ?? Environment.CurrentDirectory;
    }
}

/// <summary>Completes -Config with the named model configurations (a JSON file of sizes is a path: PowerShell completes those).</summary>
public sealed class ConfigurationCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = Completion.Unquote(wordToComplete);
        return Model.ModelConfig.Named
            .Where(named => named.Key.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(named => new CompletionResult(named.Key, named.Key, CompletionResultType.ParameterValue, named.Value.ToString()));
    }
}

internal static class Completion
{
    public static IEnumerable<CompletionResult> MidiPorts(MidiDirection direction, string wordToComplete, IDictionary bound)
    {
        string? transport = bound["Transport"] as string;
        if (string.Equals(transport, "file", StringComparison.OrdinalIgnoreCase))
        {
            return []; // a file "port" is a path: PowerShell's own path completion is better
        }

        IReadOnlyList<MidiPort> ports;
        try
        {
            ports = MidiTransports.Get(transport).ListPorts();
        }
        catch (Exception e) when (e is MidiPortException or DllNotFoundException or EntryPointNotFoundException or InvalidOperationException or NotSupportedException)
        {
            return []; // no MIDI system running: nothing to offer
        }

        string typed = Unquote(wordToComplete);
        return ports
            .Where(p => p.Direction == direction && p.Name.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => !p.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => new CompletionResult(Quote(p.Name), p.Name, CompletionResultType.ParameterValue, p.ToString()))
            .ToList();
    }

    public static string Unquote(string word) => word.Trim('\'', '"');

    public static string Quote(string text) =>
        text.Any(c => char.IsWhiteSpace(c) || "'\"`$&@(){};,|<>#".Contains(c)) ? "'" + text.Replace("'", "''") + "'" : text;
}
