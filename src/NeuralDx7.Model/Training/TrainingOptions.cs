using System.Globalization;
using System.Text.Json;

namespace NeuralDx7.Model.Training;

/// <summary>The recipe options a user set, each null when left to the configuration's recipe (<see cref="TrainingOptions.For"/>).</summary>
public sealed record TrainingOverrides(
    int? BatchSize = null,
    double? LearningRate = null,
    int? WarmupSteps = null,
    bool? ConstantRate = null,
    double? MaxBeta = null,
    int? KlRampSteps = null,
    double? FreeBits = null,
    double? TokenDropout = null,
    bool? PermuteOperators = null,
    double? CategoryDropout = null);

/// <summary>How a model is trained. See <see cref="Recommended"/> and <see cref="Original"/>.</summary>
/// <param name="BatchSize">Voices per step (the original: 16).</param>
/// <param name="LearningRate">Peak AdamW learning rate (the original: 1e-4, constant).</param>
/// <param name="WarmupSteps">Linear warm-up from 0 to the peak rate; 0 for none.</param>
/// <param name="CosineDecay">Whether the rate decays along a cosine to <see cref="FinalLearningRateFraction"/> by the last step.</param>
/// <param name="MaxBeta">Largest weight of the KL term (the original: 0.5).</param>
/// <param name="KlRampSteps">Steps for the KL weight's sigmoid ramp to reach about 95% of <see cref="MaxBeta"/>
/// (the original's sigmoid(t * 6e-5 - 6) gets there in about 150,000 steps); 0 lets a run choose half its length.</param>
/// <param name="FreeBits">Nats per latent dimension below which the KL is not penalised (0: off).</param>
/// <param name="WeightDecay">AdamW's decoupled weight decay (PyTorch's default 0.01).</param>
/// <param name="ClipNorm">Gradient clipping by global norm; 0 for none.</param>
/// <param name="Workers">Cores to share each batch over; 0 for all of them. Does not change the results' mathematics.</param>
/// <param name="TokenDropout">The autoregressive decoder's share of steps that read a start token instead of the previous
/// value in training, so that what they cannot read the latent must carry (0: none; other decoders ignore it).</param>
/// <param name="PermuteOperators">Whether each training voice is shown with its operators renumbered by one of its
/// algorithm's sound-keeping symmetries (<see cref="OperatorSymmetry"/>), drawn at random each time.</param>
/// <param name="CategoryDropout">For a decoder by category: the share of training voices, of every kind alike, shown as
/// "any" instead of their category, so that with no category asked for it draws voices as the training voices come.</param>
public sealed record TrainingOptions(
    int BatchSize = 16,
    double LearningRate = 1e-4,
    int WarmupSteps = 0,
    bool CosineDecay = false,
    double FinalLearningRateFraction = 0.05,
    double MaxBeta = 0.5,
    int KlRampSteps = 150_000,
    double FreeBits = 0,
    double WeightDecay = 0.01,
    double ClipNorm = 0,
    int Workers = 0,
    double TokenDropout = 0,
    bool PermuteOperators = false,
    double CategoryDropout = 0)
{
    /// <summary>A <see cref="KlRampSteps"/> that lets the run choose: half its steps when its length is known in epochs.</summary>
    public const int KlRampOverHalfTheRun = 0;

    /// <summary>The ramp of a run bounded by time, whose length in steps is not known when it starts.</summary>
    public const int KlRampStepsOfATimedRun = 20_000;

    /// <summary>
    /// The original project's recipe: AdamW at a constant 1e-4, batch 16, the KL weight ramping to 0.5 on its
    /// scale (KL / latent size beside the mean token loss: about ten times the ELBO's own weight) over ~150,000 steps.
    /// </summary>
    public static TrainingOptions Original { get; } = new(
        BatchSize: 16, LearningRate: 1e-4, WarmupSteps: 0, CosineDecay: false, MaxBeta: 0.5, KlRampSteps: 150_000);

    /// <summary>
    /// The original decoder's recipe (BENCHMARKS.md's design table trains the exact original with it): warm-up then cosine decay from 3e-3, the KL weighed
    /// as the ELBO weighs it (latent size / 155 on the original's scale), ramped over half the run, and 4 free nats
    /// per latent dimension so the latent is not abandoned while the decoder is still learning to use it.
    /// </summary>
    public static TrainingOptions Recommended { get; } = new(
        BatchSize: 16, LearningRate: 3e-3, WarmupSteps: 500, CosineDecay: true, MaxBeta: 8.0 / 155, KlRampSteps: KlRampOverHalfTheRun, FreeBits: 4);

    /// <summary>
    /// The autoregressive decoder's recipe, chosen on the validation split (BENCHMARKS.md): <see cref="Recommended"/> with
    /// 2 free nats per dimension, a tenth of its steps made to read the start token instead of the value before them
    /// (so the latent must carry what they cannot read), and operators renumbered by their algorithm's symmetries.
    /// </summary>
    public static TrainingOptions Autoregressive { get; } = Recommended with { FreeBits = 2, TokenDropout = 0.1, PermuteOperators = true };

    /// <summary><see cref="Autoregressive"/> for a decoder by category: a quarter of the voices shown as "any".</summary>
    public static TrainingOptions AutoregressiveByCategory { get; } = Autoregressive with { CategoryDropout = 0.25 };

    /// <summary>The recipe a configuration is trained with unless told otherwise: each decoder's own (<see cref="Autoregressive"/>, <see cref="Recommended"/>).</summary>
    public static TrainingOptions For(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ByCategory ? AutoregressiveByCategory : config.Architecture == ModelArchitecture.Autoregressive ? Autoregressive : Recommended;
    }

    /// <summary>This recipe with the options a user gave (null: keep this recipe's).</summary>
    public TrainingOptions With(TrainingOverrides given)
    {
        ArgumentNullException.ThrowIfNull(given);
        return this with
        {
            BatchSize = given.BatchSize ?? BatchSize,
            LearningRate = given.LearningRate ?? LearningRate,
            WarmupSteps = given.WarmupSteps ?? WarmupSteps,
            CosineDecay = given.ConstantRate is { } constant ? !constant : CosineDecay,
            MaxBeta = given.MaxBeta ?? MaxBeta,
            KlRampSteps = given.KlRampSteps ?? KlRampSteps,
            FreeBits = given.FreeBits ?? FreeBits,
            TokenDropout = given.TokenDropout ?? TokenDropout,
            PermuteOperators = given.PermuteOperators ?? PermuteOperators,
            CategoryDropout = given.CategoryDropout ?? CategoryDropout,
        };
    }

    /// <summary>Throws, naming the option and its range, for any option out of range or not a finite number.</summary>
    public void Validate()
    {
        Check.Range(nameof(BatchSize), BatchSize, 1, 4096);
        Check.Range(nameof(LearningRate), LearningRate, 1e-7, 1);
        Check.Range(nameof(WarmupSteps), WarmupSteps, 0, 10_000_000);
        Check.Range(nameof(FinalLearningRateFraction), FinalLearningRateFraction, 0, 1);
        Check.Range(nameof(MaxBeta), MaxBeta, 0, 10);
        Check.Range(nameof(KlRampSteps), KlRampSteps, 0, 100_000_000);
        Check.Range(nameof(FreeBits), FreeBits, 0, 100);
        Check.Range(nameof(WeightDecay), WeightDecay, 0, 1);
        Check.Range(nameof(ClipNorm), ClipNorm, 0, 1e6);
        Check.Range(nameof(Workers), Workers, 0, 1024);
        Check.Range(nameof(TokenDropout), TokenDropout, 0, 0.9);
        Check.Range(nameof(CategoryDropout), CategoryDropout, 0, 1);
    }

    /// <summary>The learning rate at a step of a run of <paramref name="totalSteps"/> (0 when unknown).</summary>
    public double LearningRateAt(long step, long totalSteps) =>
        LearningRateAt(step, totalSteps > WarmupSteps ? (double)(step - WarmupSteps) / (totalSteps - WarmupSteps) : null);

    /// <summary>
    /// The learning rate at a step, <paramref name="decayed"/> of the way through the decay (0-1; a run bounded by time
    /// knows it by the clock); null when the run's length is unknown, which keeps the peak rate after the warm-up.
    /// </summary>
    public double LearningRateAt(long step, double? decayed)
    {
        if (WarmupSteps > 0 && step < WarmupSteps)
        {
            return LearningRate * (step + 1) / WarmupSteps;
        }

        if (!CosineDecay || decayed is not double progress)
        {
            return LearningRate;
        }

        progress = Math.Clamp(progress, 0, 1);
        double floor = LearningRate * FinalLearningRateFraction;
        return floor + ((LearningRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    /// <summary>
    /// The KL weight at a step: the original's sigmoid ramp, sigmoid(a t - 6) rescaled to start at 0,
    /// stretched so it reaches ~95% of <see cref="MaxBeta"/> after <see cref="KlRampSteps"/>, times MaxBeta.
    /// </summary>
    public double KlWeightAt(long step)
    {
        if (KlRampSteps <= 0)
        {
            return MaxBeta;
        }

        double rate = 9.0 / KlRampSteps; // sigmoid(9 - 6) = 0.953
        double start = Sigmoid(-6);
        return MaxBeta * (Sigmoid((step * rate) - 6) - start) / (1 - start);
    }

    /// <summary>The recipe as config.json's "training" section and a checkpoint's "training" entry hold it (not <see cref="Workers"/>: it does not change the result).</summary>
    public string ToJson() => JsonSerializer.Serialize(ToFile(), ModelJsonCompact.Default.TrainingOptionsFile);

    public static TrainingOptions FromJson(string json) =>
        FromFile(ModelJson.Read(json, ModelJsonCompact.Default.TrainingOptionsFile, "training options"));

    internal TrainingOptionsFile ToFile() =>
        new(BatchSize, LearningRate, WarmupSteps, CosineDecay, FinalLearningRateFraction, MaxBeta, KlRampSteps, FreeBits, WeightDecay, ClipNorm,
            TokenDropout == 0 ? null : TokenDropout, PermuteOperators ? true : null, CategoryDropout == 0 ? null : CategoryDropout);

    internal static TrainingOptions FromFile(TrainingOptionsFile f)
    {
        var d = new TrainingOptions();
        return new TrainingOptions(
            f.BatchSize ?? d.BatchSize, f.LearningRate ?? d.LearningRate, f.WarmupSteps ?? d.WarmupSteps, f.CosineDecay ?? d.CosineDecay,
            f.FinalLearningRateFraction ?? d.FinalLearningRateFraction, f.MaxBeta ?? d.MaxBeta, f.KlRampSteps ?? d.KlRampSteps,
            f.FreeBits ?? d.FreeBits, f.WeightDecay ?? d.WeightDecay, f.ClipNorm ?? d.ClipNorm, TokenDropout: f.TokenDropout ?? d.TokenDropout,
            PermuteOperators: f.PermuteOperators ?? d.PermuteOperators, CategoryDropout: f.CategoryDropout ?? d.CategoryDropout);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"batch {BatchSize}, lr {LearningRate:G3}{(CosineDecay ? " cosine" : "")}, beta {MaxBeta} over {KlRampSteps} steps");
}
