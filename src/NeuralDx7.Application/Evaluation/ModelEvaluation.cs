using NeuralDx7.Corpus;
using NeuralDx7.Matching;
using NeuralDx7.Model.Evaluation;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Application.Evaluation;

/// <summary>How to score a model.</summary>
/// <param name="Data">A data set, or a folder or file of cartridges (imported with the default split).</param>
/// <param name="Split">Which voices to score (the test split unless told otherwise).</param>
/// <param name="PosteriorSamples">Posterior samples per voice for the ELBO.</param>
/// <param name="Audio">Also audition generated and held-out voices (<see cref="AudioEvaluation"/>).</param>
/// <param name="AudioSamples">Voices in each audio set.</param>
/// <param name="Ear">The synth the audio sets are auditioned through.</param>
public sealed record EvaluationRequest(
    string Data, HeldOutSplit Split = HeldOutSplit.Test, int PosteriorSamples = 4, bool Audio = false, int AudioSamples = 500, ulong Seed = 1,
    double? Temperature = null, PriorKind? Prior = null, double? TopP = null, TemperatureScale? TemperatureScale = null, Ear Ear = Ear.Ours)
{
    /// <summary>What <see cref="AudioEvaluation"/> is asked for when <see cref="Audio"/> is set.</summary>
    public AudioEvaluationRequest AudioRequest => new(AudioSamples, Seed, Temperature, Prior, TopP, TemperatureScale, Ear);

    /// <summary>Held-out voices with a training voice at most this many parameters away are near-copies: left out of the novel figures.</summary>
    public const int NearCopyDistance = 5;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            throw new InvalidRequestException(nameof(Data), "must name a data set, a folder or a cartridge file.");
        }

        Check.Range(nameof(PosteriorSamples), PosteriorSamples, 1, 256);
        Generation.GenerationRequest.CheckTopP(TopP); // refused as given, with or without --audio
        if (Audio)
        {
            AudioRequest.Validate();
        }
    }
}

/// <summary>
/// A model's scores on held-out voices: all of them, and the novel ones (no training voice within
/// <see cref="EvaluationRequest.NearCopyDistance"/> parameters: near-copies of training voices flatter a model),
/// and, when asked, how its generated voices sound beside real ones.
/// </summary>
public sealed record ModelEvaluationResult(
    string Split, EvaluationResult Scores, EvaluationResult? Novel, int NovelVoices, int NearCopyDistance, AudioEvaluationResult? Audio);

public static class ModelEvaluation
{
    public static ModelEvaluationResult Run(ModelFolder model, EvaluationRequest request,
        IProgress<(string Stage, int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var data = TrainingData.Open(request.Data, model, Stage(progress, "reading"), cancellation);
        var heldOut = data.HeldOut(request.Split, model, request.Data);
        if (request.Audio)
        {
            AudioEvaluation.CheckEnoughHeldOut(heldOut.Count, request.AudioSamples); // before the scoring, not after it
        }

        var scores = Evaluator.Evaluate(model.Trained, model.Marginals, heldOut, request.PosteriorSamples, progress: Stage(progress, "scoring"), cancellation: cancellation);

        var index = new SoundIndex(data.TrainedOn);
        var novel = heldOut.Where(v => index.Nearest(v).Distance > EvaluationRequest.NearCopyDistance).ToList();
        var novelScores = novel.Count > 0 && novel.Count < heldOut.Count
            ? Evaluator.Evaluate(model.Trained, model.Marginals, novel, request.PosteriorSamples, cancellation: cancellation)
            : novel.Count == heldOut.Count ? scores : null;

        var audio = request.Audio
            ? AudioEvaluation.Run(model, heldOut, request.AudioRequest, data.TrainedOn, Stage(progress, "auditioning"), cancellation)
            : null;
        return new ModelEvaluationResult(request.Split.ToString().ToLowerInvariant(), scores, novelScores, novel.Count, EvaluationRequest.NearCopyDistance, audio);
    }

    private static StageProgress? Stage(IProgress<(string Stage, int Done, int Total)>? progress, string stage) =>
        progress is null ? null : new StageProgress(progress, stage);

    private sealed class StageProgress(IProgress<(string Stage, int Done, int Total)> inner, string stage) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => inner.Report((stage, value.Done, value.Total));
    }
}
