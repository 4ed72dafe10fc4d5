using System.Management.Automation;
using NeuralDx7.Codec;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Tests which voices are within every parameter's range, and names the parameters that are not.</summary>
/// <remarks>
/// With -Path, damage to the file itself (checksum mismatches, truncation, corrupt bytes) is reported as
/// non-terminating errors as well. Each result has the voice, IsValid and its Violations.
/// </remarks>
/// <example>
/// <code>Test-Dx7Voice -Path ./ROM3B.syx | Where-Object IsValid -eq $false</code>
/// <para>Shows the two factory voices of ROM3B with a value out of range (OP6 EG Rate 1 = 127 in voice 1).</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./carts/*.syx | Test-Dx7Voice | Group-Object IsValid</code>
/// <para>Counts valid and invalid voices in a folder of cartridges.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "Dx7Voice", DefaultParameterSetName = VoiceSet)]
[OutputType(typeof(VoiceCheck))]
public sealed class TestDx7VoiceCommand : Dx7Cmdlet
{
    private const string VoiceSet = "Voice";
    private const string PathSet = "Path";

    /// <summary>Voices to check, from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = VoiceSet)]
    [Alias("Voice")]
    public Dx7Voice[] InputObject { get; set; } = [];

    /// <summary>Files to check; damage to the file itself (checksums, truncation) is reported as errors.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (ParameterSetName == VoiceSet)
        {
            foreach (var voice in InputObject)
            {
                WriteObject(VoiceCheck.Of(voice));
            }

            return;
        }

        foreach (string file in ResolvePaths(Path, literal: false))
        {
            var result = Dx7Reader.ReadFile(file);
            foreach (var issue in result.Issues.Where(i => i.Kind != IssueKind.OutOfRange))
            {
                WriteIssue(issue);
            }

            foreach (var record in result.Voices)
            {
                WriteObject(new VoiceCheck(record.Voice, record.Violations));
            }
        }
    }
}
