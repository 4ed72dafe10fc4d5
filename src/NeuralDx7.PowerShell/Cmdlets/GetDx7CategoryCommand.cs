using System.Management.Automation;
using NeuralDx7.Application.Generation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Gets the voice categories New-Dx7Cart -Category draws: how many training voices the model had of each, and which it can draw.</summary>
/// <remarks>
/// A voice's category is read from its name by the rules patch librarians use (BASS 1 is a bass, E.PIANO 1 an electric
/// piano, BASSOON a wind); a voice's Category property gives it, so Get-Dx7Voice ./carts/*.syx | Where-Object Category -eq Bass
/// finds the basses of a folder. With -Path, also counts the voices of a collection by
/// category, and how many of its names say one.
/// </remarks>
/// <example>
/// <code>Get-Dx7Category</code>
/// <para>The categories, with the shipped model's training voices of each.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Category -Path ./my-carts | Sort-Object Voices -Descending</code>
/// <para>What a folder of cartridges holds, by category.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Category | Where-Object CanGenerate | ForEach-Object { New-Dx7Cart -Category $_.Category -Count 4 -Seed 1 } | Export-Syx ./sampler.syx</code>
/// <para>Four new voices of every category the model can draw, in numbered cartridges.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "Dx7Category")]
[OutputType(typeof(CategoryRow))]
public sealed class GetDx7CategoryCommand : Dx7ModelCmdlet
{
    /// <summary>A collection to count voices by category in: a folder, cartridge file or data set.</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    protected override void EndProcessing()
    {
        var model = OpenModel();
        string? data = Path is null ? null : ProviderPath(Path);
        var progress = Progress("Reading cartridges");
        var census = Call(() => RunOnWorker(token => CategoryCensus.Take(model, data, progress, token)), Path);
        if (census.DrawnBy is { } drawnBy)
        {
            WriteVerbose($"Carts of a kind are drawn by {drawnBy.Name} ({drawnBy.Path}).");
        }

        if (census.Coverage is double coverage)
        {
            WriteVerbose($"{census.Labelled} of {census.Voices} distinct voices ({coverage:P1}) have names that say their category.");
        }

        WriteObject(census.Categories, enumerateCollection: true);
    }
}
