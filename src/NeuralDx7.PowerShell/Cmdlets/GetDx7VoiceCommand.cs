using System.Management.Automation;
using NeuralDx7.Codec;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Gets the voices of DX7 files (.syx, .mid, headerless banks) as objects you can filter, repair and export.</summary>
/// <remarks>
/// Reads single-voice messages, 32-voice bulk dumps, several messages in one file, headerless 4096-byte banks and
/// sysex inside Standard MIDI Files. Other sysex is skipped (see -Verbose). Damage is reported as non-terminating
/// errors naming the file, the message offset, the voice and the parameter; the voices that could be read are still output.
/// Index counts from 0 in the order voices appear in the file.
/// </remarks>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx | Format-Table</code>
/// <para>Lists the 32 voices of a cartridge.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./carts/*.syx | Where-Object Algorithm -eq 5 | Export-Syx ./algorithm5.syx</code>
/// <para>Collects every voice on algorithm 5 from a folder of cartridges into new cartridges (numbered files past 32 voices).</para>
/// </example>
/// <example>
/// <code>Get-ChildItem ./carts -Recurse -Filter *.syx | Get-Dx7Voice -Name 'E.PIANO*'</code>
/// <para>Finds electric pianos by name in every cartridge under a folder.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "Dx7Voice", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Dx7Voice))]
public sealed class GetDx7VoiceCommand : Dx7Cmdlet
{
    private const string PathSet = "Path";
    private const string LiteralSet = "LiteralPath";

    /// <summary>Files to read; wildcards allowed. Takes strings and FileInfo objects (FullName) from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Files to read, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Only the voices at these positions (from 0, as dx7 inspect shows them).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int[]? Index { get; set; }

    /// <summary>Only voices whose name matches this pattern (wildcards allowed, case-insensitive).</summary>
    [Parameter]
    [SupportsWildcards]
    public string? Name { get; set; }

    /// <summary>Bring out-of-range values into range (each change reported as a warning) instead of keeping them.</summary>
    [Parameter]
    public SwitchParameter Clamp { get; set; }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralSet;
        var pattern = Name is null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
        foreach (string file in ResolvePaths(literal ? LiteralPath : Path, literal))
        {
            var result = Dx7Reader.ReadFile(file, Clamp ? RepairPolicy.Clamp : RepairPolicy.Reject);
            foreach (var issue in result.Issues)
            {
                WriteIssue(issue);
            }

            foreach (var record in result.Voices)
            {
                if ((Index is null || Index.Contains(record.Index)) && (pattern is null || pattern.IsMatch(record.Voice.Name)))
                {
                    WriteObject(record.Voice);
                }
            }

            // An index past the file's voices is a mistake to say, not an empty answer.
            int count = result.Voices.Count == 0 ? 0 : result.Voices.Max(r => r.Index) + 1;
            foreach (int missing in Index?.Where(i => i >= count).Distinct() ?? [])
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"{file} holds {count} voice(s), at 0 to {count - 1}: there is no voice {missing}."),
                    "NoSuchVoice", ErrorCategory.ObjectNotFound, file));
            }
        }
    }
}
