using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NeuralDx7.Nn;
using NeuralDx7.Nn.IO;
using NeuralDx7.Nn.Optim;
using NeuralDx7.Voice;

namespace NeuralDx7.Model.Training;

/// <summary>
/// Trains a <see cref="Dx7Vae"/>: shuffled mini-batches, the reparameterised loss, AdamW, a KL ramp, checkpoints
/// written atomically every few minutes (weights, optimiser moments, data order and generator state, so a
/// resumed run continues exactly), a JSON-lines log, and a clean stop on cancellation.
/// </summary>
public sealed partial class Trainer
{
    public const string CheckpointFile = "checkpoint.safetensors";
    public const string LogFile = "training-log.jsonl";

    private readonly Dx7Vae _model;
    private readonly TrainingOptions _options;
    private readonly int[] _train;
    private readonly int[] _trainCategories;
    private readonly int _trainCount;
    private readonly int[]? _validation;
    private readonly AdamW<float> _adam;
    private readonly Worker[] _workers;
    private readonly ulong _dataHash;
    private TrainingState _state;
    private SeededRandom _random;
    private int[] _order;
    private long? _lastCheckpointStep;

    public Trainer(Dx7Vae model, TrainingOptions options, IReadOnlyList<Dx7Voice> train, IReadOnlyList<Dx7Voice>? validation, ulong seed)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count < options.BatchSize)
        {
            throw new ArgumentException($"{train.Count} training voices are fewer than one batch of {options.BatchSize}.");
        }

        _train = VoiceTokens.Encode(train);
        _trainCategories = [.. train.Select(Layers.CategoryCode.OfTrainingVoice)];
        _trainCount = train.Count;
        _validation = validation is { Count: > 0 } ? VoiceTokens.Encode(validation.Take(512).ToList()) : null;
        _dataHash = train.Aggregate(14695981039346656037UL, (h, v) => (h ^ v.SoundFingerprint) * 1099511628211UL);
        _adam = new AdamW<float>(model.NamedParameters(), options.LearningRate, weightDecay: options.WeightDecay);

        // Data parallel: each core takes a share of every batch with its own replica (weights copied in,
        // gradients summed out), so everything runs on both cores and no op waits on another thread.
        int workers = Math.Clamp(options.Workers > 0 ? options.Workers : Environment.ProcessorCount, 1, options.BatchSize);
        _workers = [.. Enumerable.Range(0, workers).Select(w => new Worker(w == 0 ? model : new Dx7Vae(model.Config, seed: 0)))];
        _random = new SeededRandom(seed);
        _state = new TrainingState(0, 0, 0, 0, 0, _random.NextUInt64(), _random.State);
        _order = Shuffle(_state.EpochSeed);
    }

    public TrainingState State => _state;

    /// <summary>The step of the last checkpoint written or resumed from; null before the first.</summary>
    public long? LastCheckpointStep => _lastCheckpointStep;

    public int StepsPerEpoch => _trainCount / _options.BatchSize;

    /// <summary>Continues from a checkpoint written by <see cref="SaveCheckpoint"/>: weights, moments, order, generator.</summary>
    public void Resume(string checkpointPath)
    {
        var (tensors, metadata) = Safetensors.Load(checkpointPath);
        var byName = tensors.ToDictionary(t => t.Name);
        if (!metadata.TryGetValue("config", out var config) || ModelConfig.FromJson(config) != _model.Config)
        {
            throw new InvalidDataException($"{checkpointPath}: the checkpoint is of another model configuration.");
        }

        if (!metadata.TryGetValue("data", out var data) || data != _dataHash.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"{checkpointPath}: the checkpoint was trained on other voices; resume with the same data.");
        }

        TrainedModel.LoadWeights(_model, byName, "model.", checkpointPath);
        var moments = tensors.Where(t => t.Name.StartsWith("adam.", StringComparison.Ordinal)).ToDictionary(t => t.Name[5..], t => t.Data);
        _state = ReadState(metadata.TryGetValue("state", out var state) ? state
            : throw new InvalidDataException($"{checkpointPath}: the checkpoint does not say where the run was; train again into another folder."), checkpointPath);
        if (_state.Step < 0 || _state.Position < 0 || _state.Position > _trainCount || _state.Random.Length != 4 || !double.IsFinite(_state.Seconds))
        {
            throw new InvalidDataException($"{checkpointPath}: the run's saved position is damaged (step {_state.Step}, position {_state.Position}); train again into another folder.");
        }

        _adam.LoadState(moments, _state.Step);
        _random = SeededRandom.FromState(_state.Random);
        _order = Shuffle(_state.EpochSeed);
        _lastCheckpointStep = _state.Step;
    }

    /// <summary>Writes weights, optimiser moments and the run's position in one file, atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        _lastCheckpointStep = _state.Step;
        _state = _state with { Random = _random.State };
        var tensors = TrainedModel.WeightTensors(_model, "model.")
            .Concat(_adam.StateTensors().Select(s => new NamedTensor("adam." + s.Name, s.Shape, s.Values)));
        var metadata = new Dictionary<string, string>
        {
            ["config"] = _model.Config.ToJson(),
            ["training"] = _options.ToJson(),
            ["state"] = WriteState(_state),
            ["data"] = _dataHash.ToString(CultureInfo.InvariantCulture),
        };
        NeuralDx7.IO.AtomicFile.Write(path, stream => Safetensors.Write(stream, tensors, metadata), overwrite: true);
    }

    /// <summary>
    /// Trains until the budget is spent or <paramref name="cancellation"/> fires; either way the last completed
    /// step is saved to <paramref name="folder"/> (checkpoint, and the log appended) before returning.
    /// </summary>
    public TrainingState Run(string folder, TrainingBudget budget, IProgress<TrainingProgress>? progress = null,
        TimeSpan? checkpointEvery = null, TimeSpan? validateEvery = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Directory.CreateDirectory(folder);
        string checkpointPath = Path.Combine(folder, CheckpointFile);
        using var log = new StreamWriter(new FileStream(Path.Combine(folder, LogFile), FileMode.Append, FileAccess.Write, FileShare.Read));
        var every = checkpointEvery ?? TimeSpan.FromMinutes(3);
        var validationEvery = validateEvery ?? TimeSpan.FromMinutes(5);
        var clock = Stopwatch.StartNew();
        double startSeconds = _state.Seconds;
        long startSamples = _state.Samples;
        var sinceCheckpoint = Stopwatch.StartNew();
        var sinceValidation = Stopwatch.StartNew();
        var window = new MetricWindow();

        while (!cancellation.IsCancellationRequested && !Done(budget, clock.Elapsed, startSeconds))
        {
            var terms = Step(Decayed(budget));
            window.Add(terms);
            double rate = (_state.Samples - startSamples) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            progress?.Report(new TrainingProgress(_state.Step, _state.Epoch, _state.Samples, rate, terms.Loss, terms.Reconstruction,
                terms.Accuracy, terms.Kl, terms.KlWeight, terms.LearningRate, TimeSpan.FromSeconds(_state.Seconds), Remaining(budget, rate)));

            if (_state.Step % 100 == 0)
            {
                log.WriteLine(window.ToJson(_state, rate));
                log.Flush();
                window = new MetricWindow();
            }

            if (_validation is not null && sinceValidation.Elapsed >= validationEvery)
            {
                log.WriteLine(ValidationJson());
                log.Flush();
                sinceValidation.Restart();
            }

            if (sinceCheckpoint.Elapsed >= every)
            {
                SaveCheckpoint(checkpointPath);
                sinceCheckpoint.Restart();
            }

            _state = _state with { Seconds = startSeconds + clock.Elapsed.TotalSeconds };
        }

        if (window.Count > 0)
        {
            log.WriteLine(window.ToJson(_state, (_state.Samples - startSamples) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }

        if (_validation is not null)
        {
            log.WriteLine(ValidationJson());
        }

        SaveCheckpoint(checkpointPath);
        return _state;
    }

    /// <summary>Runs <paramref name="steps"/> training steps with no logging or checkpoints (benchmarks, tests).</summary>
    public void Train(int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Step(0);
        }
    }

    /// <summary>Validation figures on up to 512 held-out voices: one posterior sample, fixed noise.</summary>
    public (double Reconstruction, double Kl, double Accuracy) Validate()
    {
        if (_validation is null)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        int count = _validation.Length / ModelConfig.Positions;
        double reconstruction = 0, kl = 0, accuracy = 0;
        var noiseRandom = new SeededRandom(12345);
        for (int start = 0; start < count; start += 64)
        {
            int n = Math.Min(64, count - start);
            var tokens = _validation.AsMemory(start * ModelConfig.Positions, n * ModelConfig.Positions);
            var noise = Noise(noiseRandom, n * _model.Config.LatentSize);
            using var g = new Graph<float>(_workers[0].Pool, recording: false);
            var terms = _model.Loss(g, tokens, noise, 0);
            reconstruction += terms.Reconstruction * n;
            kl += terms.Kl * n;
            accuracy += PosteriorMeanAccuracy(g, tokens) * n;
        }

        return (reconstruction / count, kl / count, accuracy / count);
    }

    private double PosteriorMeanAccuracy(Graph<float> g, ReadOnlyMemory<int> tokens)
    {
        var posterior = _model.Encode(g, tokens);
        var (z, _) = _model.Flow(g, posterior.Mean, posterior);
        return Dx7Vae.Accuracy(_model.Decode(g, z, tokens), tokens.Span);
    }

    private string ValidationJson()
    {
        var (reconstruction, kl, accuracy) = Validate();
        return JsonSerializer.Serialize(
            new ValidationLogLine("validation", _state.Step, Math.Round(_state.Seconds, 1), Math.Round(reconstruction, 4), Math.Round(kl, 4),
                Math.Round(reconstruction + kl, 4), Math.Round(accuracy, 5)),
            ModelJsonCompact.Default.ValidationLogLine);
    }

    private sealed record StepTerms(double Loss, double Reconstruction, double Accuracy, double Kl, double KlWeight, double LearningRate);

    private StepTerms Step(double? decayed)
    {
        int batch = _options.BatchSize;
        if (_state.Position + batch > _trainCount)
        {
            ulong seed = _random.NextUInt64();
            _state = _state with { Epoch = _state.Epoch + 1, Position = 0, EpochSeed = seed };
            _order = Shuffle(seed);
        }

        var tokens = new int[batch * ModelConfig.Positions];
        for (int i = 0; i < batch; i++)
        {
            int voice = _order[_state.Position + i];
            Array.Copy(_train, voice * ModelConfig.Positions, tokens, i * ModelConfig.Positions, ModelConfig.Positions);
        }

        if (_options.PermuteOperators)
        {
            for (int i = 0; i < batch; i++)
            {
                OperatorSymmetry.Permute(tokens.AsSpan(i * ModelConfig.Positions, ModelConfig.Positions), _random);
            }
        }

        var noise = Noise(_random, batch * _model.Config.LatentSize);
        var dropped = TokenDropout(_random, batch * ModelConfig.Positions);
        var categories = Categories(batch);
        double klWeight = _options.KlWeightAt(_state.Step);
        double lr = _options.LearningRateAt(_state.Step, decayed);
        var results = new LossSummary[_workers.Length];
        if (_workers.Length == 1)
        {
            results[0] = _workers[0].Run(tokens, noise, dropped, categories, 0, batch, batch, klWeight, _options.FreeBits);
        }
        else
        {
            System.Threading.Tasks.Parallel.For(0, _workers.Length, w =>
            {
                int first = batch * w / _workers.Length, end = batch * (w + 1) / _workers.Length;
                if (w > 0)
                {
                    _workers[w].CopyWeightsFrom(_model);
                }

                results[w] = _workers[w].Run(tokens, noise, dropped, categories, first, end, batch, klWeight, _options.FreeBits);
            });

            for (int w = 1; w < _workers.Length; w++)
            {
                _workers[w].AddGradientsTo(_model);
            }
        }

        var terms = LossSummary.Combine(results, batch);
        // A loss or gradient that is not a finite number would turn every weight into NaN at the step below: stop
        // first, with the weights and the last checkpoint still good.
        if (!double.IsFinite(terms.Loss) || !_model.Parameters().All(p => System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(p.Grad)))
        {
            throw new TrainingDivergedException(_state.Step + 1, _lastCheckpointStep, lr);
        }

        if (_options.ClipNorm > 0)
        {
            GradientClipping.ClipByGlobalNorm(_model.Parameters(), _options.ClipNorm);
        }

        _adam.LearningRate = lr;
        _adam.Step();
        _state = _state with { Step = _state.Step + 1, Position = _state.Position + batch, Samples = _state.Samples + batch };
        return new StepTerms(terms.Loss, terms.Reconstruction, terms.Accuracy, terms.Kl, klWeight, lr);
    }

    private int[] Shuffle(ulong seed)
    {
        var random = new SeededRandom(seed);
        var order = Enumerable.Range(0, _trainCount).ToArray();
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static float[] Noise(SeededRandom random, int count)
    {
        var noise = new float[count];
        for (int i = 0; i < count; i++)
        {
            noise[i] = (float)random.NextNormal();
        }

        return noise;
    }

    /// <summary>
    /// Which steps of the batch read the start token instead of the previous value (the autoregressive decoder's token
    /// dropout: what a step cannot read, the latent must tell it); null when the recipe drops none.
    /// </summary>
    private bool[]? TokenDropout(SeededRandom random, int count)
    {
        if (_options.TokenDropout <= 0 || _model.Autoregressive is null)
        {
            return null;
        }

        var dropped = new bool[count];
        for (int i = 0; i < count; i++)
        {
            dropped[i] = random.NextDouble() < _options.TokenDropout;
        }

        return dropped;
    }

    /// <summary>
    /// The category each voice of the batch is shown with, for a decoder by category: its own (or "unnamed"), or "any" for
    /// a share <see cref="TrainingOptions.CategoryDropout"/> of every kind alike, so "any" learns the voices as they come;
    /// null for a decoder without categories.
    /// </summary>
    private int[]? Categories(int batch)
    {
        if (_model.Autoregressive is not { ByCategory: true })
        {
            return null;
        }

        var codes = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            int code = _trainCategories[_order[_state.Position + i]];
            codes[i] = _random.NextDouble() < _options.CategoryDropout ? Layers.CategoryCode.Any : code;
        }

        return codes;
    }

    // How far through its decay the run is: by steps for an epoch budget, by the clock for a time budget (the
    // nearer end wins when both are set); null for a run without either, which keeps the peak rate.
    private double? Decayed(TrainingBudget budget)
    {
        int warmup = _options.WarmupSteps;
        double? bySteps = budget.Epochs is int epochs && (long)epochs * StepsPerEpoch > warmup
            ? (double)(_state.Step - warmup) / (((long)epochs * StepsPerEpoch) - warmup)
            : null;
        double? byTime = budget.Time is TimeSpan time && time > TimeSpan.Zero ? _state.Seconds / time.TotalSeconds : null;
        return bySteps is null ? byTime : byTime is null ? bySteps : Math.Max(bySteps.Value, byTime.Value);
    }

    private bool Done(TrainingBudget budget, TimeSpan elapsed, double startSeconds) =>
        (budget.Time is TimeSpan time && startSeconds + elapsed.TotalSeconds >= time.TotalSeconds)
        || (budget.Epochs is int epochs && _state.Step >= (long)epochs * StepsPerEpoch);

    private TimeSpan? Remaining(TrainingBudget budget, double samplesPerSecond)
    {
        TimeSpan? byTime = budget.Time is TimeSpan time ? time - TimeSpan.FromSeconds(_state.Seconds) : null;
        TimeSpan? byEpochs = budget.Epochs is int epochs && samplesPerSecond > 0
            ? TimeSpan.FromSeconds(((long)epochs * StepsPerEpoch - _state.Step) * _options.BatchSize / samplesPerSecond)
            : null;
        return byTime is null ? byEpochs : byEpochs is null ? byTime : byTime < byEpochs ? byTime : byEpochs;
    }

}
