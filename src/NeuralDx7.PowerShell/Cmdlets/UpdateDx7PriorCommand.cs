using System.Management.Automation;
using NeuralDx7.Application.Generation;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Fits a model's latent prior, and a prior per voice category, to the voices it was trained on.</summary>
/// <remarks>
/// New-Dx7Cart draws new voices from a Gaussian mixture fitted to where the training voices' posteriors are, and
/// -Category draws from one per category. Invoke-Dx7Training fits both at the end of a run; this fits the ones a model
/// folder lacks (an older folder, or one whose run was stopped), or, with -Force, fits both again. The mixture's size is
/// chosen on the validation voices (Selection). The data must be what the model was trained on.
/// </remarks>
/// <example>
/// <code>Update-Dx7Prior -Model ./my-model -Data ./my-carts</code>
/// <para>Fits the priors ./my-model lacks on the folder it was trained on.</para>
/// </example>
/// <example>
/// <code>(Update-Dx7Prior -Model ./my-model -Data ./my-carts -Force -Seed 7).Selection.Candidates | Format-Table</code>
/// <para>Fits both again with another seed and shows how each mixture size scored.</para>
/// </example>
[Cmdlet(VerbsData.Update, "Dx7Prior", SupportsShouldProcess = true)]
[OutputType(typeof(PriorFitOutcome))]
public sealed class UpdateDx7PriorCommand : Dx7ModelCmdlet
{
    /// <summary>The data the model was trained on (a folder, file or data set): its training voices are fitted, its validation voices choose the mixture's size.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Data { get; set; } = "";

    /// <summary>Seed of the posterior samples and the fit (default 1).</summary>
    [Parameter]
    public ulong Seed { get; set; } = 1;

    /// <summary>Fit both priors again, replacing the folder's.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new PriorFitRequest(ProviderPath(Data), Seed, Force);
        Call(request.Validate);
        if (!ShouldProcess(model.Path, Force ? "Fit the latent and category priors again" : "Fit the priors the model folder lacks"))
        {
            return;
        }

        var progress = Progress("Fitting the prior: reading the data");
        WriteObject(Call(() => RunOnWorker(token => PriorFitting.Fit(model, request, progress, token)), model.Path));
    }
}
