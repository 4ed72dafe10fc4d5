using System.Globalization;
using System.Management.Automation;
using NeuralDx7.Application.Matching;
using NeuralDx7.Matching;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Trains the audio encoder Find-Dx7Voice starts its search from, on renders of the model's training voices.</summary>
/// <remarks>
/// Renders each training voice at a few keys, learns to map its sound to where the model's encoder puts the voice in
/// latent space, and saves audio-encoder.safetensors in the model folder; Find-Dx7Voice and dx7 match then start from
/// its proposal instead of the prior alone. ValidationError against LatentVariance says how much of the latent it
/// predicts on voices it did not train on. Nothing is overwritten without -Force.
/// </remarks>
/// <example>
/// <code>Update-Dx7Matcher -Model ./my-model -Data ./my-carts</code>
/// <para>Gives a model you trained its audio encoder, so Find-Dx7Voice -Model ./my-model starts from a good guess.</para>
/// </example>
[Cmdlet(VerbsData.Update, "Dx7Matcher", SupportsShouldProcess = true)]
[OutputType(typeof(MatcherTrainingResult))]
public sealed class UpdateDx7MatcherCommand : Dx7ModelCmdlet
{
    /// <summary>The data the model was trained on (a folder, file or data set).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Data { get; set; } = "";

    /// <summary>Seed of the keys played and the network's training (default 1).</summary>
    [Parameter]
    public ulong Seed { get; set; } = 1;

    /// <summary>Passes over the rendered training voices (default 40).</summary>
    [Parameter]
    public int Epochs { get; set; } = new MatcherTrainingRequest("x").Epochs;

    /// <summary>Replace the folder's audio encoder.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new MatcherTrainingRequest(ProviderPath(Data), Seed, Epochs, Force);
        Call(request.Validate);
        if (!ShouldProcess(System.IO.Path.Combine(model.Path, AudioEncoder.FileName), "Train the audio encoder"))
        {
            return;
        }

        var progress = Reporter<(string Stage, int Done, int Total)>(x => WriteProgress(new ProgressRecord(1, "Training the audio encoder",
            string.Create(CultureInfo.InvariantCulture, $"{x.Stage} {x.Done} of {x.Total}"))
        {
            PercentComplete = x.Total > 0 ? Math.Min(100, x.Done * 100 / x.Total) : -1,
        }));
        var result = Call(() => RunOnWorker(token => MatcherTraining.Train(model, request, new Throttled<(string, int, int)>(progress), token)), model.Path);
        WriteProgress(new ProgressRecord(1, "Training the audio encoder", "done") { RecordType = ProgressRecordType.Completed });
        WriteObject(result);
    }
}
