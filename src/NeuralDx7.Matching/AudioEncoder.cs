using NeuralDx7.IO;
using NeuralDx7.Model.Statistics;
using NeuralDx7.Nn;
using NeuralDx7.Nn.IO;
using NeuralDx7.Nn.Layers;
using NeuralDx7.Nn.Optim;

namespace NeuralDx7.Matching;

/// <summary>
/// From a sound to the model's latent space: a small network (two GELU layers of 256) trained on our engine's renders
/// of the training voices to predict where the VAE's encoder puts each voice; and a library of those voices (their
/// sounds' embeddings, reduced to 32 principal components, and their latents) to find the nearest ones to a sound.
/// Both propose where a search for a recorded sound should start. Ships in the model folder as one safetensors file.
/// </summary>
public sealed class AudioEncoder
{
    public const string FileName = "audio-encoder.safetensors";
    public const int Hidden = 256;
    public const int LibraryComponents = 32;

    private readonly Network _network;
    private readonly float[] _inputMean, _inputScale, _outputMean, _outputScale;
    private readonly float[] _pcaMean, _pcaComponents, _libraryEmbeddings, _libraryLatents;
    private readonly TensorPool<float> _pool = new();

    private AudioEncoder(Network network, float[] inputMean, float[] inputScale, float[] outputMean, float[] outputScale,
        float[] pcaMean, float[] pcaComponents, float[] libraryEmbeddings, float[] libraryLatents)
    {
        _network = network;
        (_inputMean, _inputScale, _outputMean, _outputScale) = (inputMean, inputScale, outputMean, outputScale);
        (_pcaMean, _pcaComponents, _libraryEmbeddings, _libraryLatents) = (pcaMean, pcaComponents, libraryEmbeddings, libraryLatents);
    }

    public int LatentSize => _outputMean.Length;

    public int LibrarySize => _libraryLatents.Length / LatentSize;

    /// <summary>Where the model's encoder would put the voice that makes this sound.</summary>
    public float[] Predict(float[] embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        lock (_pool)
        {
            using var g = new Graph<float>(_pool, recording: false, parallel: false);
            var y = _network.Forward(g, g.Constant(Standardised(embedding), 1, AudioEmbedding.Size));
            return [.. y.Data.ToArray().Select((v, i) => (v * _outputScale[i]) + _outputMean[i])];
        }
    }

    /// <summary>The latents of the <paramref name="count"/> library voices whose sounds are nearest this one.</summary>
    public IReadOnlyList<float[]> Nearest(float[] embedding, int count) => [.. NearestRows(embedding, count).Select(LatentOfRow)];

    /// <summary>The library rows (the training voices, in the order the encoder was trained on them) whose sounds are nearest this one.</summary>
    public IReadOnlyList<int> NearestRows(float[] embedding, int count)
    {
        var projected = Project(Standardised(embedding));
        return [.. Enumerable.Range(0, LibrarySize)
            .OrderBy(i => Distance(projected, _libraryEmbeddings.AsSpan(i * LibraryComponents, LibraryComponents)))
            .Take(count)];
    }

    /// <summary>Where the model's encoder put the library voice of <paramref name="row"/>.</summary>
    public float[] LatentOfRow(int row) => _libraryLatents.AsSpan(row * LatentSize, LatentSize).ToArray();

    /// <summary>Trains the network to predict <paramref name="latents"/> from <paramref name="embeddings"/>, and keeps them as the library.</summary>
    public static (AudioEncoder Encoder, double TrainError, double ValidationError) Train(
        IReadOnlyList<float[]> embeddings, IReadOnlyList<float[]> latents, IReadOnlyList<float[]> validationEmbeddings, IReadOnlyList<float[]> validationLatents,
        ulong seed, int epochs = 40, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(latents);
        int latentSize = latents[0].Length, n = embeddings.Count;
        var (inputMean, inputScale) = Moments(embeddings);
        var (outputMean, outputScale) = Moments(latents);
        var random = new SeededRandom(seed);
        var network = new Network(latentSize, random);
        var encoder = new AudioEncoder(network, inputMean, inputScale, outputMean, outputScale, [], [], [], []);
        var x = embeddings.Select(encoder.Standardised).ToList();
        var t = latents.Select(l => l.Select((v, i) => (v - outputMean[i]) / outputScale[i]).ToArray()).ToList();
        var adam = new AdamW<float>(network.NamedParameters(), 1e-3, weightDecay: 1e-4);
        const int batch = 64;
        var order = Enumerable.Range(0, n).ToArray();
        var pool = new TensorPool<float>();
        int steps = epochs * ((n + batch - 1) / batch), step = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (int start = 0; start < n; start += batch, step++)
            {
                cancellation.ThrowIfCancellationRequested();
                int m = Math.Min(batch, n - start);
                var inputs = new float[m * AudioEmbedding.Size];
                var targets = new float[m * latentSize];
                for (int b = 0; b < m; b++)
                {
                    x[order[start + b]].CopyTo(inputs, b * AudioEmbedding.Size);
                    t[order[start + b]].CopyTo(targets, b * latentSize);
                }

                adam.LearningRate = 1e-3 * 0.5 * (1 + Math.Cos(Math.PI * step / steps)); // cosine to zero
                using var g = new Graph<float>(pool, recording: true, parallel: false);
                var error = g.Subtract(network.Forward(g, g.Constant(inputs, m, AudioEmbedding.Size)), g.Constant(targets, m, latentSize));
                var loss = g.MeanAll(g.Multiply(error, error));
                network.ZeroGrad();
                g.Backward(loss);
                adam.Step();
            }

            progress?.Report((epoch + 1, epochs));
        }

        // The library: every training sound, reduced to its principal components, beside its latent.
        var fit = GaussianFit.Of([.. x.Select(v => v.Select(f => (double)f).ToArray())]);
        var (values, vectors) = SymmetricMatrix.Eigen(fit.Covariance);
        var components = Enumerable.Range(0, values.Length).OrderByDescending(k => values[k]).Take(LibraryComponents).ToArray();
        var pcaMean = fit.Mean.Select(v => (float)v).ToArray();
        var pcaComponents = new float[LibraryComponents * AudioEmbedding.Size];
        for (int c = 0; c < components.Length; c++)
        {
            for (int i = 0; i < AudioEmbedding.Size; i++)
            {
                pcaComponents[(c * AudioEmbedding.Size) + i] = (float)vectors[i, components[c]];
            }
        }

        var trained = new AudioEncoder(network, inputMean, inputScale, outputMean, outputScale, pcaMean, pcaComponents,
            [.. x.SelectMany(trained0 => Project(trained0, pcaMean, pcaComponents))], [.. latents.SelectMany(l => l)]);
        return (trained, trained.MeanSquaredError(embeddings, latents), trained.MeanSquaredError(validationEmbeddings, validationLatents));
    }

    /// <summary>Mean squared error of the predicted latents, per dimension.</summary>
    public double MeanSquaredError(IReadOnlyList<float[]> embeddings, IReadOnlyList<float[]> latents)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(latents);
        if (embeddings.Count == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int i = 0; i < embeddings.Count; i++)
        {
            var predicted = Predict(embeddings[i]);
            sum += predicted.Select((p, k) => (p - latents[i][k]) * (double)(p - latents[i][k])).Sum() / predicted.Length;
        }

        return sum / embeddings.Count;
    }

    /// <summary>Writes the encoder; <paramref name="modelWeights"/> names the weights whose latents it learnt (<see cref="Load"/> checks it).</summary>
    public void Save(string path, bool overwrite, string modelWeights)
    {
        var tensors = _network.NamedParameters().Select(p => new NamedTensor("network." + p.Name, p.Tensor.Shape.ToArray(), p.Tensor.Data.ToArray()))
            .Append(new NamedTensor("input.mean", [_inputMean.Length], _inputMean))
            .Append(new NamedTensor("input.scale", [_inputScale.Length], _inputScale))
            .Append(new NamedTensor("output.mean", [_outputMean.Length], _outputMean))
            .Append(new NamedTensor("output.scale", [_outputScale.Length], _outputScale))
            .Append(new NamedTensor("pca.mean", [_pcaMean.Length], _pcaMean))
            .Append(new NamedTensor("pca.components", [LibraryComponents, AudioEmbedding.Size], _pcaComponents))
            .Append(new NamedTensor("library.embeddings", [LibrarySize, LibraryComponents], _libraryEmbeddings))
            .Append(new NamedTensor("library.latents", [LibrarySize, LatentSize], _libraryLatents));
        var metadata = new Dictionary<string, string>
        {
            ["embedding"] = AudioEmbedding.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ModelWeightsKey] = modelWeights,
        };
        AtomicFile.Write(path, stream => Safetensors.Write(stream, tensors, metadata), overwrite);
    }

    /// <summary>The metadata entry naming the model weights an encoder was trained for.</summary>
    public const string ModelWeightsKey = "modelWeights";

    /// <summary>
    /// Reads an encoder for a model of <paramref name="latentSize"/> whose weights are <paramref name="modelWeights"/>: its
    /// library's latents are where that model put its voices, so an encoder trained for other weights (a model trained or
    /// fine-tuned again) is refused; a file from before the entry was written is taken as it is.
    /// </summary>
    public static AudioEncoder Load(string path, int latentSize, string modelWeights)
    {
        var (tensors, metadata) = Safetensors.Load(path);
        if (metadata.TryGetValue(ModelWeightsKey, out var trainedFor) && trainedFor != modelWeights)
        {
            throw new InvalidDataException($"{path} was trained for other weights than the model's: its latents are another model's. Train it again (dx7 train-matcher --force).");
        }

        var byName = tensors.ToDictionary(t => t.Name);
        float[] Get(string name, int? length = null) => byName.TryGetValue(name, out var t) && (length is null || t.Data.Length == length)
            && System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(t.Data)
            ? t.Data : throw new InvalidDataException($"{path}: {name} is missing, the wrong size, or not finite numbers: not an audio encoder for this model.");
        var network = new Network(latentSize, new SeededRandom(0));
        foreach (var (name, tensor) in network.NamedParameters())
        {
            Get("network." + name, tensor.Length).CopyTo(tensor.Data);
        }

        var latents = Get("library.latents");
        var embeddings = Get("library.embeddings");
        if (latents.Length % latentSize != 0 || embeddings.Length != latents.Length / latentSize * LibraryComponents)
        {
            throw new InvalidDataException($"{path}: the library's embeddings and latents do not match.");
        }

        return new AudioEncoder(network, Get("input.mean", AudioEmbedding.Size), Get("input.scale", AudioEmbedding.Size), Get("output.mean", latentSize),
            Get("output.scale", latentSize), Get("pca.mean", AudioEmbedding.Size), Get("pca.components", LibraryComponents * AudioEmbedding.Size), embeddings, latents);
    }

    private float[] Standardised(float[] embedding) => [.. embedding.Select((v, i) => (v - _inputMean[i]) / _inputScale[i])];

    private float[] Project(float[] standardised) => Project(standardised, _pcaMean, _pcaComponents);

    private static float[] Project(float[] standardised, float[] mean, float[] components)
    {
        var projected = new float[LibraryComponents];
        for (int c = 0; c < LibraryComponents; c++)
        {
            double sum = 0;
            for (int i = 0; i < AudioEmbedding.Size; i++)
            {
                sum += (standardised[i] - mean[i]) * components[(c * AudioEmbedding.Size) + i];
            }

            projected[c] = (float)sum;
        }

        return projected;
    }

    private static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Distance(a, b);

    private static (float[] Mean, float[] Scale) Moments(IReadOnlyList<float[]> rows)
    {
        int d = rows[0].Length;
        var mean = new double[d];
        var squares = new double[d];
        foreach (var row in rows)
        {
            for (int i = 0; i < d; i++)
            {
                mean[i] += row[i];
                squares[i] += row[i] * (double)row[i];
            }
        }

        return ([.. mean.Select(m => (float)(m / rows.Count))],
            [.. Enumerable.Range(0, d).Select(i => (float)Math.Max(1e-4, Math.Sqrt(Math.Max(0, (squares[i] / rows.Count) - ((mean[i] / rows.Count) * (mean[i] / rows.Count))))))]);
    }

    /// <summary>Embedding to latent: two GELU layers of <see cref="Hidden"/>.</summary>
    private sealed class Network : Module<float>
    {
        private readonly Linear<float> _first, _second, _output;

        public Network(int latentSize, SeededRandom random)
        {
            _first = AddChild("first", new Linear<float>(AudioEmbedding.Size, Hidden, random));
            _second = AddChild("second", new Linear<float>(Hidden, Hidden, random));
            _output = AddChild("output", new Linear<float>(Hidden, latentSize, random));
        }

        public Tensor<float> Forward(Graph<float> g, Tensor<float> x) =>
            _output.Forward(g, g.Gelu(_second.Forward(g, g.Gelu(_first.Forward(g, x)))));
    }
}
