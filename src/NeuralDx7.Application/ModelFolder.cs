using NeuralDx7.Matching;
using NeuralDx7.Model;
using NeuralDx7.Model.Evaluation;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Application;

/// <summary>
/// A model folder, loaded once for everything a command does with it: the weights and configuration, and what was
/// measured on its training voices (their fingerprints, marginals, latent statistics and the fitted prior). The
/// optional files may be missing from folders made by older versions; <see cref="Missing"/> says which, and the
/// feature that needs one says so when asked for.
/// </summary>
public sealed class ModelFolder
{
    private readonly Lazy<Marginals?> _marginals;
    private readonly Lazy<LatentStatistics?> _statistics;
    private readonly Lazy<LatentPrior?> _prior;
    private readonly Lazy<CategoryPriors?> _categories;
    private readonly Lazy<TemperatureScale?> _temperatureScale;
    private readonly Lazy<ModelFolder> _forCategories;
    private VoiceGenerator? _generator;
    private AudioEncoder? _audioEncoder;
    private string? _weightsFingerprint;

    // The optional files are read when first asked for, so a damaged one fails only what needs it (named with its path),
    // never what replaces or bypasses it: 'prior fit --force', '--prior normal', interpolation.
    private ModelFolder(string path, TrainedModel trained, IReadOnlyList<string> missing, string? name = null)
    {
        Path = path;
        Trained = trained;
        Missing = missing;
        Name = name ?? System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path)));
        _forCategories = new(() => Directory.Exists(System.IO.Path.Combine(Path, CategoryModelFolder))
            ? Open(System.IO.Path.Combine(Path, CategoryModelFolder), $"{Name}/{CategoryModelFolder}")
            : this);
        int size = trained.Model.Config.LatentSize;
        _marginals = new(() => Optional(Marginals.FileName, Marginals.Load));
        _statistics = new(() => Optional(LatentStatisticsFile.Name, LatentStatistics.Load));
        _prior = new(() => Optional(LatentPrior.FileName, file => LatentPrior.Load(file, size)));
        _categories = new(() => Optional(CategoryPriors.FileName, file => CategoryPriors.Load(file, size)));
        _temperatureScale = new(() => Optional(TemperatureScale.FileName, TemperatureScale.Load));
    }

    /// <summary>The folder, as given (or found, for the shipped model).</summary>
    public string Path { get; }

    /// <summary>The folder's name: what generated voices name as their source ("dx7-vae seed 42").</summary>
    public string Name { get; }

    /// <summary>
    /// The subfolder holding a model of its own for carts by category. A latent that carries more of a voice's kind makes
    /// pads and effects heard as such, but its voices at large sound a little less like real ones, so a folder may
    /// keep one model for each (models/dx7-vae/README.md).
    /// </summary>
    public const string CategoryModelFolder = "by-category";

    /// <summary>The model voices of a category are drawn with: the folder's <see cref="CategoryModelFolder"/>, or this one.</summary>
    public ModelFolder ForCategories => _forCategories.Value;

    public TrainedModel Trained { get; }

    public Dx7Vae Model => Trained.Model;

    public Marginals? Marginals => _marginals.Value;

    public LatentStatistics? LatentStatistics => _statistics.Value;

    /// <summary>The Gaussian mixture fitted to the training voices' posteriors, if the folder has one.</summary>
    public LatentPrior? FittedPrior => _prior.Value;

    /// <summary>A prior per voice category, if the folder has them (category-priors.json).</summary>
    public CategoryPriors? CategoryPriors => _categories.Value;

    /// <summary>The parameters its voices are drawn cooler or hotter unless told, chosen on the validation split (sampling.json), if the folder says.</summary>
    public TemperatureScale? TemperatureScale => _temperatureScale.Value;

    /// <summary>The fingerprints of the voices the model was trained on are known (training-voices.bin).</summary>
    public bool KnowsTrainingVoices => Trained.TrainingVoices.Count > 0;

    /// <summary>Each optional file the folder lacks, with what it is for.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Opens the model folder at <paramref name="path"/>, or the shipped one (models/dx7-vae) when it is null.</summary>
    /// <exception cref="FileNotFoundException">No folder given and none shipped, or the folder holds no model.</exception>
    public static ModelFolder Open(string? path) => Open(path, null);

    private static ModelFolder Open(string? path, string? name)
    {
        if (path is not null && string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidRequestException("Model", "must name a model folder; leave it out for the shipped one.");
        }

        string folder = path ?? TrainedModel.FindShipped()
            ?? throw new FileNotFoundException("No model folder was given and the shipped model (models/dx7-vae) was not found beside the program.");
        var trained = TrainedModel.Load(folder);
        var missing = new List<string>();
        if (trained.TrainingVoices.Count == 0)
        {
            missing.Add($"{TrainedModel.FingerprintsFile} (which voices it was trained on: copies and held-out figures need it)");
        }

        void NoteMissing(string file, string purpose)
        {
            if (!File.Exists(System.IO.Path.Combine(folder, file)))
            {
                missing.Add($"{file} ({purpose})");
            }
        }

        NoteMissing(Marginals.FileName, "the training marginals: the baseline evaluation compares against");
        NoteMissing(LatentStatisticsFile.Name, "where the training voices sit in latent space: live mode's knobs");
        NoteMissing(LatentPrior.FileName, "the fitted prior new voices are drawn from; make it with 'dx7 prior fit'");
        NoteMissing(CategoryPriors.FileName, "where each category's voices are: carts by category; make it with 'dx7 prior fit'");
        return new ModelFolder(folder, trained, missing, name);
    }

    private T? Optional<T>(string file, Func<string, T> load)
        where T : class
    {
        string path = System.IO.Path.Combine(Path, file);
        // A folder by the file's name is not its absence: the loader refuses it, naming it.
        return File.Exists(path) || Directory.Exists(path) ? load(path) : null;
    }

    /// <summary>The prior to draw from: the one asked for, or by default the fitted one when the folder has it.</summary>
    public LatentPrior Prior(PriorKind? kind)
    {
        return (kind ?? (FittedPrior is null ? PriorKind.Normal : PriorKind.Fitted)) switch
        {
            PriorKind.Normal => LatentPrior.StandardNormal(Model.Config.LatentSize),
            _ => FittedPrior ?? throw new ModelFileMissingException(
                $"{Path} has no {LatentPrior.FileName}, so there is no fitted prior to sample from: fit one to the data the model was trained on, or draw from the normal prior."),
        };
    }

    /// <summary>The latent statistics live mode maps knobs along, from <paramref name="path"/> or the folder's own.</summary>
    public LatentStatistics LiveStatistics(string? path) => path is not null ? LatentStatistics.Load(path) : LatentStatistics
        ?? throw new ModelFileMissingException($"{Path} has no {LatentStatisticsFile.Name}: measure the latent statistics of some voices and give that file.");

    /// <summary>The audio encoder that proposes where a search for a sound starts, if the folder has one (audio-encoder.safetensors).</summary>
    public AudioEncoder? AudioEncoder
    {
        get
        {
            string path = System.IO.Path.Combine(Path, AudioEncoder.FileName);
            return _audioEncoder ??= File.Exists(path) ? AudioEncoder.Load(path, Model.Config.LatentSize, WeightsFingerprint) : null;
        }
    }

    /// <summary>A fingerprint of the weights file (SHA-256), which files fitted to these weights record.</summary>
    public string WeightsFingerprint => _weightsFingerprint ??= HashOf(System.IO.Path.Combine(Path, TrainedModel.WeightsFile));

    private static string HashOf(string path)
    {
        using var stream = File.OpenRead(path); // hashed as it is read: no copy of the weights in memory
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
    }

    /// <summary>The generator over this model, labelling voices "&lt;folder name&gt; seed N". It reuses buffers: one caller at a time.</summary>
    public VoiceGenerator Generator => _generator ??= new VoiceGenerator(Model) { Label = Name };
}

/// <summary>A file a feature needs is not in the model folder; the message says which and how to make it.</summary>
public sealed class ModelFileMissingException(string message) : Exception(message);
