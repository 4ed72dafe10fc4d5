using NeuralDx7.Corpus;
using NeuralDx7.Model.Evaluation;

namespace NeuralDx7.Model.Training;

/// <summary>What a training run is asked to do.</summary>
/// <param name="Data">A data set file, or a folder or file of cartridges (imported on the spot).</param>
/// <param name="Output">The model folder: checkpoint, log, and at the end the model itself.</param>
/// <param name="Config">Model sizes (ignored when resuming: the checkpoint's are used).</param>
/// <param name="Resume">Continue from the checkpoint in <see cref="Output"/>.</param>
/// <param name="StartFrom">A trained model folder whose weights a new run starts from (fine-tuning), or null to start from random weights.</param>
public sealed record TrainingRequest(
    string Data,
    string Output,
    ModelConfig Config,
    TrainingOptions Options,
    TrainingBudget Budget,
    ulong Seed,
    bool Resume,
    string? StartFrom = null)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            throw new InvalidRequestException(nameof(Data), "must name a data set, a folder or a cartridge file.");
        }

        if (string.IsNullOrWhiteSpace(Output))
        {
            throw new InvalidRequestException("OutputPath", "must name the model folder to write.");
        }

        if (StartFrom is not null && (string.IsNullOrWhiteSpace(StartFrom) || !File.Exists(Path.Combine(StartFrom, TrainedModel.WeightsFile))))
        {
            throw new InvalidRequestException(nameof(StartFrom), $"'{StartFrom}' is not a model folder: it holds no {TrainedModel.WeightsFile}.");
        }

        if (StartFrom is not null && Resume)
        {
            throw new InvalidRequestException(nameof(StartFrom), "starts a new run; a resumed run continues from its checkpoint.");
        }

        Options.Validate();
        Config.Validate();
    }
}

/// <summary>How a run ended.</summary>
public sealed record TrainingOutcome(TrainingState State, bool Cancelled, int TrainVoices, int ValidationVoices, string ModelFolder);

/// <summary>
/// A whole run, as the dx7 tool and the PowerShell module start it: open the data, build or resume the trainer,
/// train, and write the model folder (weights, configuration, training fingerprints and marginals) even when
/// cancelled, so Ctrl+C never loses more than the step under way.
/// </summary>
public static class TrainingRun
{
    public static TrainingOutcome Execute(TrainingRequest request, IProgress<TrainingProgress>? progress = null,
        IProgress<string>? messages = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        using var held = TrainingLock.Take(request.Output);
        string checkpoint = Path.Combine(request.Output, Trainer.CheckpointFile);
        if (request.Resume && !File.Exists(checkpoint))
        {
            throw new FileNotFoundException($"There is no checkpoint to resume in {request.Output}.", checkpoint);
        }

        if (!request.Resume && File.Exists(checkpoint))
        {
            throw new RunExistsException(request.Output);
        }

        messages?.Report($"reading {request.Data}");
        var dataset = Dx7Dataset.Open(request.Data, cancellation: cancellation);
        var train = dataset.Train.ToList();
        var validation = dataset.Validation.ToList();
        var config = request.Resume ? ReadCheckpointConfig(checkpoint) : request.Config;
        var options = request.Resume ? ReadCheckpointOptions(checkpoint) ?? request.Options : request.Options;
        if (options.KlRampSteps == TrainingOptions.KlRampOverHalfTheRun)
        {
            int stepsPerEpoch = Math.Max(1, train.Count / options.BatchSize);
            options = options with
            {
                KlRampSteps = request.Budget.Epochs is int epochs ? Math.Max(1, epochs * stepsPerEpoch / 2) : TrainingOptions.KlRampStepsOfATimedRun,
            };
        }

        var model = new Dx7Vae(config, request.Seed);
        if (request.StartFrom is { } start)
        {
            var added = TrainedModel.StartFrom(model, start);
            messages?.Report($"starting from the weights of {start}{(added.Count == 0 ? "" : $"; new: {string.Join(", ", added)}")}");
        }

        var trainer = new Trainer(model, options, train, validation, request.Seed);
        if (request.Resume)
        {
            trainer.Resume(checkpoint);
            messages?.Report($"resumed at step {trainer.State.Step}, epoch {trainer.State.Epoch}");
        }

        messages?.Report($"{config} ({model.ParameterCount:N0} parameters), {options}; {train.Count} training and {validation.Count} validation voices");
        var state = trainer.Run(request.Output, request.Budget, progress, cancellation: cancellation);

        var trained = new TrainedModel(model, train.Select(v => v.SoundFingerprint).ToHashSet());
        trained.Save(request.Output, options);
        Marginals.Count(train).Save(Path.Combine(request.Output, Marginals.FileName));

        // Where the training voices sit in latent space: live mode's knobs move along its principal axes.
        var sample = train.Where((_, i) => i % Math.Max(1, train.Count / 4000) == 0).ToList();
        var latents = new Generation.VoiceGenerator(model).Encode(sample).Select(c => c.Latent).ToList();
        if (latents.Count >= 2)
        {
            Generation.LatentStatistics.Measure(latents).Save(Path.Combine(request.Output, Generation.LatentStatisticsFile.Name), overwrite: true);
        }

        // Where new voices are drawn from: a mixture fitted to the training voices' posteriors, its size chosen on validation.
        if (!cancellation.IsCancellationRequested && train.Count >= 64)
        {
            messages?.Report("fitting the latent prior to the training voices' posteriors");
            try
            {
                var prior = Generation.LatentPrior.FitToPosteriors(new Generation.VoiceGenerator(model), train, validation, request.Seed, cancellation);
                prior.Save(Path.Combine(request.Output, Generation.LatentPrior.FileName), overwrite: true);
                messages?.Report("fitting a prior per voice category (bass, brass, ...) to its training voices' posteriors");
                Generation.CategoryPriors.Fit(new Generation.VoiceGenerator(model), train, validation, request.Seed, cancellation)
                    .Save(Path.Combine(request.Output, Generation.CategoryPriors.FileName), overwrite: true);
            }
            catch (OperationCanceledException)
            {
                messages?.Report("stopped before the latent prior was fitted: the model samples from N(0, I) until 'dx7 prior fit' makes one");
            }
        }
        return new TrainingOutcome(state, cancellation.IsCancellationRequested, train.Count, validation.Count, request.Output);
    }

    private static ModelConfig ReadCheckpointConfig(string checkpoint)
    {
        var metadata = NeuralDx7.Nn.IO.Safetensors.ReadMetadata(checkpoint);
        return metadata.TryGetValue("config", out var json) ? ModelConfig.FromJson(json) : throw new InvalidDataException($"{checkpoint} has no configuration.");
    }

    private static TrainingOptions? ReadCheckpointOptions(string checkpoint)
    {
        var metadata = NeuralDx7.Nn.IO.Safetensors.ReadMetadata(checkpoint);
        return metadata.TryGetValue("training", out var json) ? TrainingOptions.FromJson(json) : null;
    }
}

/// <summary>The model folder already holds a training run; each front end words how to resume it (--resume, -Resume).</summary>
public sealed class RunExistsException(string folder) : IOException($"{folder} already holds a training run: resume it, or train into another folder.")
{
    public string Folder { get; } = folder;
}
