using System.Management.Automation;
using NeuralDx7.Model.Evaluation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Measure-Dx7Uniqueness: the duplicate test on voices sampled from the model.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "Dx7Uniqueness")]
[OutputType(typeof(UniquenessResult))]
public sealed class MeasureDx7UniquenessCommand : Dx7Cmdlet
{
    [Parameter(Position = 0)]
    [ValidateRange(1, 10_000_000)]
    public int Samples { get; set; } = 1000;

    [Parameter]
    public ulong Seed { get; set; } = 1;

    [Parameter]
    [ValidateRange(0.0, 10.0)]
    public double Temperature { get; set; }

    [Parameter]
    public string? Model { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            WriteObject(Uniqueness.Measure(LoadModel(Model), Samples, Seed, Temperature, Progress("Duplicate test"), Cancellation));
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: PowerShell is already stopping the pipeline.
        }
    }
}
