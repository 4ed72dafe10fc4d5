using System.Globalization;
using System.Text.Json;

namespace NeuralDx7.Model;

/// <summary>Which network a model is: what its weights compute. A model folder names it in config.json.</summary>
public enum ModelArchitecture
{
    /// <summary>
    /// The original NeuralDX7, exactly: a decoder that reads all 155 parameters at once from the latent (FiLM), its
    /// positional FiLM applied once before the decoder's stack, and the sinusoidal table's row 0 all zeros.
    /// </summary>
    Original,

    /// <summary>
    /// NeuralDx7's models before 2026-12-05 (a config.json that names no architecture): the original with the
    /// positional FiLM before every decoder layer and sin/cos(0) in the table's row 0. Kept so those folders load.
    /// </summary>
    Legacy,

    /// <summary>
    /// The original's encoder, posterior and flows, with a causal transformer decoder that draws the parameters one
    /// at a time in <see cref="Layers.ParameterOrder"/>, each given the latent and the parameters drawn before it.
    /// </summary>
    Autoregressive,
}

/// <summary>
/// The sizes of a DX7 VAE, saved beside its weights. F = heads x head width; feed-forward and output
/// MLPs are 3F wide, the posterior MLP 2F, the decoder's conditioning FiLM MLPs 3 x conditioning width.
/// </summary>
/// <param name="ByCategory">Whether the autoregressive decoder also reads the voice's category (bass, brass, ...: one
/// learned vector each, and one for "any"), so a cart can be asked for one kind of sound.</param>
public sealed record ModelConfig(
    int Heads,
    int HeadWidth,
    int EncoderLayers,
    int DecoderLayers,
    int Flows,
    int LatentSize,
    int ConditioningWidth = 8,
    ModelArchitecture Architecture = ModelArchitecture.Original,
    bool ByCategory = false)
{
    /// <summary>Tokens per voice: the 155 VCED parameters.</summary>
    public const int Positions = 155;

    /// <summary>Values a token can take (7-bit MIDI data).</summary>
    public const int Vocabulary = 128;

    /// <summary>The reference's small configuration: 4 heads x 16, 4 + 4 layers, 4 flows, latent 8 (419,624 parameters).</summary>
    public static ModelConfig Small { get; } = new(4, 16, 4, 4, 4, 8);

    /// <summary>The original project's size: 8 heads x 64, 12 + 12 layers, 16 flows, latent 8 (60,419,528 parameters).</summary>
    public static ModelConfig Original { get; } = new(8, 64, 12, 12, 16, 8);

    /// <summary>Model width F.</summary>
    public int Features => Heads * HeadWidth;

    /// <summary>
    /// The autoregressive design at the size chosen on the validation split (BENCHMARKS.md): 4 heads x 32, a 2-layer
    /// encoder and a 4-layer causal decoder, 4 flows, latent 8.
    /// </summary>
    public static ModelConfig AutoregressiveDefault { get; } = new(4, 32, 2, 4, 4, 8, Architecture: ModelArchitecture.Autoregressive);

    /// <summary><see cref="AutoregressiveDefault"/> with a decoder that also reads the voice's category.</summary>
    public static ModelConfig AutoregressiveByCategory { get; } = AutoregressiveDefault with { ByCategory = true };

    /// <summary>The names <see cref="Resolve"/> takes, with what each is.</summary>
    public static IReadOnlyDictionary<string, ModelConfig> Named { get; } = new Dictionary<string, ModelConfig>(StringComparer.OrdinalIgnoreCase)
    {
        ["autoregressive"] = AutoregressiveDefault,
        ["autoregressive-by-category"] = AutoregressiveByCategory,
        ["small"] = Small,
        ["original"] = Original,
    };

    /// <summary>A named configuration (see <see cref="Named"/>) or a JSON file.</summary>
    public static ModelConfig Resolve(string nameOrFile)
    {
        ArgumentNullException.ThrowIfNull(nameOrFile);
        if (Named.TryGetValue(nameOrFile, out var named))
        {
            return named;
        }

        return File.Exists(nameOrFile) && new FileInfo(nameOrFile).Length <= 1024 * 1024
            ? FromFile(nameOrFile)
            : throw new ArgumentException($"'{nameOrFile}' is neither a configuration name ({string.Join(", ", Named.Keys)}) nor a JSON file.");
    }

    /// <summary>The largest model a configuration may ask for: room for the original's 60 million, and no model that cannot fit in memory.</summary>
    public const long MaxParameters = 150_000_000;

    /// <summary>Throws, naming the size and its range, when one is out of range or the whole model would be too large to build.</summary>
    public void Validate()
    {
        Check("heads", Heads, 1, 64);
        Check("headWidth", HeadWidth, 1, 256);
        Check("encoderLayers", EncoderLayers, 1, 48);
        Check("decoderLayers", DecoderLayers, 1, 48);
        Check("flows", Flows, 1, 64);
        Check("latentSize", LatentSize, 1, 256);
        Check("conditioningWidth", ConditioningWidth, 1, 256);
        if (ByCategory && Architecture != ModelArchitecture.Autoregressive)
        {
            throw new InvalidDataException("Model configuration: byCategory needs the autoregressive architecture, whose decoder reads the category.");
        }

        if (EstimatedParameters > MaxParameters)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Model configuration {this} would have about {EstimatedParameters:N0} parameters, more than the {MaxParameters:N0} this program builds."));
        }

        static void Check(string name, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Model configuration: {name} must be {min}-{max}, not {value}."));
            }
        }
    }

    /// <summary>
    /// The floating-point operations of one voice's forward pass, counted from the sizes: the matrix products, which
    /// are nearly all of it. Each attention layer projects Q, K and V (3F²), its output (F²) and runs a 3F feed-forward
    /// (6F²) at each of the 155 positions, and multiplies 155 x 155 scores by F both ways; the decoder's conditioning
    /// FiLM adds a small MLP per position and layer; the output MLP maps F to 3F to 128 logits. A multiply-add is two.
    /// </summary>
    public double ForwardFlopsPerVoice
    {
        get
        {
            const double p = Positions;
            double f = Features, c = ConditioningWidth;
            double layer = (2 * p * 10 * f * f) + (4 * p * p * f);
            if (Architecture == ModelArchitecture.Autoregressive)
            {
                // Causal layers add an output projection (F²); the scores are computed whole, then masked; the head maps F to 128.
                double causal = layer + (2 * p * f * f);
                return (EncoderLayers * layer) + (DecoderLayers * causal) + (2 * p * f * Vocabulary);
            }

            double conditioning = 2 * p * ((c * 3 * c) + (3 * c * 2 * f));
            double output = 2 * p * ((f * 3 * f) + (3 * f * Vocabulary));
            return (EncoderLayers * layer) + (DecoderLayers * (layer + conditioning)) + output;
        }
    }

    /// <summary>A training step's operations per voice: the forward pass and the backward pass, which costs about twice it.</summary>
    public double TrainingFlopsPerVoice => 3 * ForwardFlopsPerVoice;

    /// <summary>
    /// Roughly how many parameters the model has, from its sizes alone (before anything is allocated): each attention
    /// layer's projections and 3F feed-forward come to about 10F², the output and posterior MLPs to about 6F².
    /// </summary>
    public long EstimatedParameters => (10L * Features * Features * (EncoderLayers + DecoderLayers)) + (6L * Features * Features) + (Features * 384L);

    /// <summary>The configuration as config.json's "model" section and a checkpoint's "config" entry hold it.</summary>
    public string ToJson() => JsonSerializer.Serialize(ToFile(), ModelJsonCompact.Default.ModelConfigFile);

    /// <summary>A checkpoint's "config" entry; one that names no architecture was written before there was a choice (<see cref="ModelArchitecture.Legacy"/>).</summary>
    public static ModelConfig FromJson(string json) => FromFile(ModelJson.Read(json, ModelJsonCompact.Default.ModelConfigFile, What), ModelArchitecture.Legacy);

    /// <summary>The sizes in a JSON file: either on their own or as a model folder's config.json holds them, under "model".</summary>
    private static ModelConfig FromFile(string path)
    {
        try
        {
            string json = File.ReadAllText(path);
            var folderConfig = ModelJson.Read(json, ModelJson.Default.ModelFile, What);
            // A file of sizes for a new model: without an architecture, the original's.
            return FromFile(folderConfig.Model ?? ModelJson.Read(json, ModelJsonCompact.Default.ModelConfigFile, What), ModelArchitecture.Original);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    internal ModelConfigFile ToFile() => new(Heads, HeadWidth, EncoderLayers, DecoderLayers, Flows, LatentSize, ConditioningWidth, Architecture: ArchitectureName(Architecture),
        ByCategory: ByCategory ? true : null);

    /// <summary>The architecture as config.json names it: "original", "legacy", "autoregressive".</summary>
    public static string ArchitectureName(ModelArchitecture architecture) => architecture.ToString().ToLowerInvariant();

    /// <param name="missing">The architecture of a file that names none.</param>
    internal static ModelConfig FromFile(ModelConfigFile file, ModelArchitecture missing)
    {
        if (file.EncoderDropout is double dropout && dropout != 0)
        {
            // Earlier versions wrote it (always 0) and never applied it: a configuration that asks for it is refused, not ignored.
            throw new InvalidDataException("encoderDropout is not supported.");
        }

        var config = new ModelConfig(
            ModelJson.Required(file.Heads, "heads", What), ModelJson.Required(file.HeadWidth, "headWidth", What),
            ModelJson.Required(file.EncoderLayers, "encoderLayers", What), ModelJson.Required(file.DecoderLayers, "decoderLayers", What),
            ModelJson.Required(file.Flows, "flows", What), ModelJson.Required(file.LatentSize, "latentSize", What),
            file.ConditioningWidth ?? 8,
            file.Architecture is null ? missing : ParseArchitecture(file.Architecture),
            file.ByCategory ?? false);
        config.Validate();
        return config;
    }

    private static ModelArchitecture ParseArchitecture(string name) =>
        Enum.GetValues<ModelArchitecture>().FirstOrDefault(a => ArchitectureName(a) == name, (ModelArchitecture)(-1)) is var a && Enum.IsDefined(a)
            ? a
            : throw new InvalidDataException($"architecture \"{name}\" is not one this program knows ({string.Join(", ", Enum.GetValues<ModelArchitecture>().Select(ArchitectureName))})");

    private const string What = "a model configuration (it needs heads, headWidth, encoderLayers, decoderLayers, flows and latentSize as whole numbers)";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ArchitectureName(Architecture)}, {Heads}x{HeadWidth} heads, {EncoderLayers}+{DecoderLayers} layers, {Flows} flows, latent {LatentSize}{(ByCategory ? ", by category" : "")}");
}
