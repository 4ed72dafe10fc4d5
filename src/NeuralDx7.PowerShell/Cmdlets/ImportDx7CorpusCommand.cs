using System.Management.Automation;
using NeuralDx7.Corpus;
using NeuralDx7.Validation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Imports folders and files of cartridges into one deduplicated data set, split by cartridge into train, validation and test.</summary>
/// <remarks>
/// Reads every DX7 file under the folders (recursively), keeps the valid voices (or, with -Clamp, the repaired ones),
/// keeps one copy of each sound with every name and file it came from, and splits by cartridge, so no sound is in two
/// parts. Invoke-Dx7Training, Test-Dx7Model and the other cmdlets that take -Data read the file it writes as they read
/// the folders, only faster. Each file's issues are verbose output (-Verbose). Nothing is overwritten without -Force.
/// </remarks>
/// <example>
/// <code>Import-Dx7Corpus ../shared/corpus/dexed-cart-1.0 -OutputPath ./dexed.dx7set</code>
/// <para>Imports the corpus the shipped model was trained on: 23,712 training, 1,317 validation and 1,313 test voices.</para>
/// </example>
/// <example>
/// <code>Get-ChildItem ~/carts -Directory | Import-Dx7Corpus -OutputPath ./mine.dx7set -Clamp -TestPercent 0</code>
/// <para>Imports several folders from the pipeline, repairing out-of-range voices instead of leaving them out, without a test split.</para>
/// </example>
[Cmdlet(VerbsData.Import, "Dx7Corpus", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(ImportedDataset))]
public sealed class ImportDx7CorpusCommand : Dx7Cmdlet
{
    private const string PathSet = "Path";
    private const string LiteralSet = "LiteralPath";
    private readonly List<string> _inputs = [];

    /// <summary>Folders (read recursively) and files of cartridges; wildcards allowed. Takes strings and FileInfo or DirectoryInfo objects from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Folders and files, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The data set file to write.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Out")]
    public string OutputPath { get; set; } = "";

    /// <summary>Bring out-of-range values into range and keep those voices, instead of leaving them out.</summary>
    [Parameter]
    public SwitchParameter Clamp { get; set; }

    /// <summary>Share of cartridges held out for validation, for choosing a recipe (default 10).</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int ValidationPercent { get; set; } = new ImportOptions().ValidationPercent;

    /// <summary>Share of cartridges held out for the test split, for reporting only (default 10).</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int TestPercent { get; set; } = new ImportOptions().TestPercent;

    /// <summary>Overwrite the data set file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralSet;
        _inputs.AddRange(ResolvePaths(literal ? LiteralPath : Path, literal));
    }

    protected override void EndProcessing()
    {
        string output = ProviderPath(OutputPath);
        if (_inputs.Count == 0 || !ShouldProcess(output, $"Import {_inputs.Count} folder(s) and file(s) into a data set"))
        {
            return;
        }

        var options = new ImportOptions(Clamp ? RepairPolicy.Clamp : RepairPolicy.Reject, ValidationPercent, TestPercent);
        var progress = Progress("Importing cartridges");
        var (saved, issues) = Call(() => RunOnWorker(token => CorpusImporter.ImportTo(output, Force, _inputs, options, progress, token)), OutputPath);
        foreach (var issue in issues)
        {
            WriteVerbose(issue.ToString());
        }

        WriteObject(saved);
    }
}
