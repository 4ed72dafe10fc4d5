using System.Buffers.Binary;
using System.Text.Json;
using NeuralDx7.IO;
using NeuralDx7.Model.Training;
using NeuralDx7.Nn.IO;
using NeuralDx7.Voice;

namespace NeuralDx7.Model;

/// <summary>
/// A trained model on disk, a folder of: <c>model.safetensors</c> (the weights), <c>config.json</c> (sizes and
/// recipe), <c>training-voices.bin</c> (fingerprints of every training voice, so evaluation and the
/// duplicate test know what the model has seen).
/// </summary>
public sealed class TrainedModel
{
    public const string WeightsFile = "model.safetensors";
    public const string ConfigFile = "config.json";
    public const string FingerprintsFile = "training-voices.bin";

    public TrainedModel(Dx7Vae model, IReadOnlySet<ulong> trainingVoices)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        TrainingVoices = trainingVoices ?? throw new ArgumentNullException(nameof(trainingVoices));
    }

    public Dx7Vae Model { get; }

    /// <summary>Sound fingerprints (<see cref="Dx7Voice.SoundFingerprint"/>) of the voices the model was trained on.</summary>
    public IReadOnlySet<ulong> TrainingVoices { get; }

    /// <summary>
    /// The shipped model, models/dx7-vae: beside the dx7 tool or the PowerShell module, or above them in a clone.
    /// NEURALDX7_MODEL names another folder.
    /// </summary>
    public static string? FindShipped()
    {
        string? configured = Environment.GetEnvironmentVariable("NEURALDX7_MODEL");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        // The host's folder (dx7) and this assembly's (the module's bin, where PowerShell is the host). A single-file
        // dx7 has no assembly location (an empty string, skipped); its base directory is the one that matters then.
#pragma warning disable IL3000
        string[] starts = [AppContext.BaseDirectory, Path.GetDirectoryName(typeof(TrainedModel).Assembly.Location) ?? ""];
#pragma warning restore IL3000
        foreach (string start in starts.Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "models", "dx7-vae");
                if (File.Exists(Path.Combine(candidate, WeightsFile)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static TrainedModel Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string weights = Path.Combine(folder, WeightsFile);
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"{folder} holds no {WeightsFile}: not a model folder (make one with 'dx7 train').", weights);
        }

        var config = ReadConfig(Path.Combine(folder, ConfigFile));
        var model = new Dx7Vae(config, seed: 0);
        var (tensors, _) = Safetensors.Load(weights);
        LoadWeights(model, tensors.ToDictionary(t => t.Name), prefix: "", weights);
        return new TrainedModel(model, ReadFingerprints(Path.Combine(folder, FingerprintsFile)));
    }

    /// <summary>
    /// Starts <paramref name="model"/> from the trained model in <paramref name="folder"/> (fine-tuning): every weight the
    /// two share is copied; those only <paramref name="model"/> has (a category table added to a decoder) keep their
    /// initial values and are returned. A weight only the folder has, or of another shape, is refused: it would be lost.
    /// </summary>
    public static IReadOnlyList<string> StartFrom(Dx7Vae model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        var source = Load(folder).Model;
        var sourceWeights = source.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor);
        var targetNames = model.NamedParameters().Select(p => p.Name).ToHashSet();
        if (sourceWeights.Keys.FirstOrDefault(name => !targetNames.Contains(name)) is { } dropped)
        {
            throw new InvalidDataException($"{folder}: its {dropped} has no place in a model of {model.Config}; start from a model of the same design.");
        }

        var added = new List<string>();
        foreach (var (name, tensor) in model.NamedParameters())
        {
            if (!sourceWeights.TryGetValue(name, out var from))
            {
                added.Add(name);
                continue;
            }

            if (!from.Shape.SequenceEqual(tensor.Shape))
            {
                throw new InvalidDataException($"{folder}: {name} is [{string.Join(", ", from.Shape.ToArray())}], a model of {model.Config} needs [{string.Join(", ", tensor.Shape.ToArray())}].");
            }

            from.Data.CopyTo(tensor.Data);
        }

        return added;
    }

    /// <summary>Writes the weights, configuration and training fingerprints into <paramref name="folder"/>.</summary>
    public void Save(string folder, TrainingOptions? training = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, WeightsFile),
            stream => Safetensors.Write(stream, WeightTensors(Model, ""), new Dictionary<string, string> { ["config"] = Model.Config.ToJson() }), overwrite: true);
        AtomicFile.Write(Path.Combine(folder, ConfigFile), JsonSerializer.SerializeToUtf8Bytes(new ModelFile(Model.Config.ToFile(), training?.ToFile()), ModelJson.Default.ModelFile), overwrite: true);
        WriteFingerprints(Path.Combine(folder, FingerprintsFile), TrainingVoices);
    }

    internal static IEnumerable<NamedTensor> WeightTensors(Dx7Vae model, string prefix) =>
        model.NamedParameters().Select(p => new NamedTensor(prefix + p.Name, p.Tensor.Shape.ToArray(), p.Tensor.Data.ToArray()));

    internal static void LoadWeights(Dx7Vae model, IReadOnlyDictionary<string, NamedTensor> tensors, string prefix, string source)
    {
        foreach (var (name, tensor) in model.NamedParameters())
        {
            if (!tensors.TryGetValue(prefix + name, out var saved))
            {
                throw new InvalidDataException($"{source}: no weights for {name}; the file does not match the configuration.");
            }

            if (!saved.Shape.AsSpan().SequenceEqual(tensor.Shape))
            {
                throw new InvalidDataException($"{source}: {name} is [{string.Join(", ", saved.Shape)}], the model needs [{string.Join(", ", tensor.Shape.ToArray())}].");
            }

            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(saved.Data))
            {
                // NaN or infinite weights would decode every voice to the same blank one: refuse them here.
                throw new InvalidDataException($"{source}: {name} holds values that are not finite numbers; the model is damaged (retrain it, or resume from a good checkpoint).");
            }

            saved.Data.CopyTo(tensor.Data);
        }
    }

    private static ModelConfig ReadConfig(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: the model's configuration is needed to load its weights.", path);
        }

        byte[] bytes = BoundedFile.ReadAllBytes(path, 1024 * 1024, "a model configuration");
        try
        {
            var file = ModelJson.Read(bytes, ModelJson.Default.ModelFile, "a model configuration");
            // A folder that names no architecture was written before there was a choice.
            return ModelConfig.FromFile(file.Model ?? throw new InvalidDataException("it has no \"model\" section: not a model configuration"), ModelArchitecture.Legacy);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}.", e);
        }
    }

    private static void WriteFingerprints(string path, IReadOnlySet<ulong> fingerprints)
    {
        var sorted = fingerprints.Order().ToArray();
        var bytes = new byte[sorted.Length * 8];
        for (int i = 0; i < sorted.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), sorted[i]);
        }

        AtomicFile.Write(path, bytes, overwrite: true);
    }

    private static HashSet<ulong> ReadFingerprints(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var bytes = BoundedFile.ReadAllBytes(path, 64L * 1024 * 1024, "a list of training fingerprints");
        if (bytes.Length % 8 != 0)
        {
            throw new InvalidDataException($"{path}: {bytes.Length} bytes is not a list of 64-bit fingerprints.");
        }

        var set = new HashSet<ulong>(bytes.Length / 8);
        for (int i = 0; i < bytes.Length; i += 8)
        {
            set.Add(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i)));
        }

        return set;
    }
}
