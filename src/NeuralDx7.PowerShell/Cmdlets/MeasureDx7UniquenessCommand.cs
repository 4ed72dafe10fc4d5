using System.Management.Automation;
using NeuralDx7.Model.Evaluation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Measures how many voices sampled from the model are distinct, copies of training voices, and valid.</summary>
/// <remarks>The original project's duplicate test. Distinctness ignores the name; copies are matched on the training fingerprints shipped with the model.</remarks>
/// <example>
/// <code>Measure-Dx7Uniqueness -Samples 10000</code>
/// <para>The duplicate test on 10,000 samples, with progress.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "Dx7Uniqueness")]
[OutputType(typeof(UniquenessResult))]
public sealed class MeasureDx7UniquenessCommand : Dx7Cmdlet
{
    /// <summary>How many voices to draw.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, 10_000_000)]
    public int Samples { get; set; } = 1000;

    /// <summary>The same seed gives the same result (default 1).</summary>
    [Parameter]
    public ulong Seed { get; set; } = 1;

    /// <summary>0 takes each parameter's most likely value; above 0 samples, more varied as it grows.</summary>
    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double Temperature { get; set; }

    /// <summary>A model folder (made by Invoke-Dx7Training or dx7 train); the shipped models/dx7-vae by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            var model = LoadModel(Model);
            var progress = Progress("Duplicate test");
            WriteObject(RunOnWorker(token => Uniqueness.Measure(model, Samples, Seed, Temperature, progress, token)));
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: PowerShell is already stopping the pipeline.
        }
    }
}
