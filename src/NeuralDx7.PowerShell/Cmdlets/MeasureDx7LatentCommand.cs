using System.Management.Automation;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Measures where a set of voices sits in the model's latent space: the mean and the principal axes of their spread.</summary>
/// <remarks>
/// Takes the output of Get-Dx7Latent. The axes are ordered by variance, so axis 1 is the direction the voices vary most;
/// live mode maps its knobs to them. -Path saves the statistics as JSON for live mode.
/// </remarks>
/// <example>
/// <code>Get-Dx7Voice ./carts/*.syx | Get-Dx7Latent | Measure-Dx7Latent -Path ./latent-statistics.json</code>
/// <para>Measures a folder of cartridges and saves the statistics for live mode.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "Dx7Latent", SupportsShouldProcess = true)]
[OutputType(typeof(LatentStatistics))]
public sealed class MeasureDx7LatentCommand : Dx7Cmdlet
{
    private readonly List<float[]> _latents = [];

    /// <summary>Latent codes, from Get-Dx7Latent.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public LatentCode[] InputObject { get; set; } = [];

    /// <summary>Save the statistics to this JSON file.</summary>
    [Parameter]
    public string? Path { get; set; }

    /// <summary>Overwrite the JSON file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => _latents.AddRange(InputObject.Select(c => c.Latent));

    protected override void EndProcessing()
    {
        if (_latents.Count < 2)
        {
            Fail(new ArgumentException("Measuring latent statistics needs at least two voices."), "TooFewVoices", ErrorCategory.InvalidArgument, null);
        }

        var statistics = LatentStatistics.Measure(_latents);
        if (Path is not null)
        {
            string file = ProviderPath(Path);
            if (File.Exists(file) && !Force)
            {
                Fail(new IOException($"{file} already exists; use -Force to overwrite it."), "FileExists", ErrorCategory.ResourceExists, file);
            }

            if (ShouldProcess(file, "Save latent statistics"))
            {
                statistics.Save(file, overwrite: Force);
            }
        }

        WriteObject(statistics);
    }
}
