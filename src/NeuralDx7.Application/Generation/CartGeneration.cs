using NeuralDx7.Model.Generation;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Generation;

/// <summary>What to generate: how many voices, from where in latent space, at what temperature, screened or not.</summary>
/// <param name="Count">Voices to make; 32 fill a cartridge. With <paramref name="Latents"/>, one voice each.</param>
/// <param name="Seed">The same seed gives the same voices; null draws one (reported in the result).</param>
/// <param name="Temperature">0 takes each parameter's most likely value; above 0 samples, more varied as it grows; null: <see cref="DefaultTemperature"/>.</param>
/// <param name="Prior">Where latents are drawn from; null: the fitted prior when the model has one, else the normal.</param>
/// <param name="Screen">Render every voice and draw silent or broken ones again.</param>
/// <param name="Like">Draw around these voices' posteriors instead: new voices like them. Voices out of range are left out (<see cref="GenerationResult.LeftOut"/>).</param>
/// <param name="Spread">How far around the examples or the category's voices to draw, in their own deviations; null: <see cref="DefaultSpread"/>.</param>
/// <param name="Category">Draw where the model put the training voices of this category.</param>
/// <param name="Latents">Decode these latents, each as unit numbers (0-1, see <see cref="UnitLatent"/>).</param>
/// <param name="TopP">Each parameter is drawn from its most likely values that together hold this share of the probability; null: <see cref="DefaultTopP"/>.</param>
/// <param name="TemperatureScale">Parameters drawn at a multiple of the temperature; null: the model folder's own (<see cref="TemperatureScale.FileName"/>), or none.</param>
/// <param name="CategoryStrength">With <see cref="Category"/> and a decoder by category: how strongly its voices follow the category (1: as
/// trained; above: more typical of it; 0: as if none were asked for); null: <see cref="DefaultCategoryStrength"/>.</param>
/// <param name="CategoryPullLimit">With <see cref="Category"/>, screened: the most nats a voice's sound may be likelier told the category than
/// told "any" (its <see cref="CategoryDraw.Evidence"/>); a voice pulled further is drawn again. Null: <see cref="DefaultCategoryPullLimit"/>.</param>
public sealed record GenerationRequest(int Count = 32, ulong? Seed = null, double? Temperature = null, PriorKind? Prior = null, bool Screen = true,
    IReadOnlyList<Dx7Voice>? Like = null, double? Spread = null, VoiceCategory? Category = null, IReadOnlyList<IReadOnlyList<double>>? Latents = null,
    double? TopP = null, TemperatureScale? TemperatureScale = null, double? CategoryStrength = null, double? CategoryPullLimit = null)
{
    public const int MaxCount = 4096;
    public const double MaxTemperature = 10;
    public const double MaxSpread = 4;
    public const double MaxCategoryStrength = 10;

    /// <summary>
    /// A category is followed five times as strongly as the decoder learnt it unless told, chosen on the validation split
    /// (BENCHMARKS.md, <c>dx7 bench category</c> over 4 seeds, with the name read as the decoder not told the category
    /// reads it): 42.9% of voices heard as their category at 5 with 48 draws a slot, 40.4% at 8; with 16 draws, 40.1% at 5
    /// and 37.2% at 3. The shipped folder's by-category model agrees (seeds 1-2: 59.9% at 5, 55.7% at 3, 51.4% at 8).
    /// </summary>
    public const double DefaultCategoryStrength = 5;

    /// <summary>The category strength drawn with: the one asked for, or <see cref="DefaultCategoryStrength"/>.</summary>
    public double SamplingCategoryStrength => CategoryStrength ?? DefaultCategoryStrength;

    /// <summary>
    /// Pushed five times as hard as learnt, some voices overshoot the kind into sounds real voices of it do not make:
    /// those whose sound the category made more than e^5 times likelier are drawn again. Chosen on the validation split
    /// (BENCHMARKS.md, "Carts to order", <c>dx7 bench category --category-pull-limit N</c>, 4 seeds): heard as their category
    /// 42.9% with no limit, 47.1% at 6, 48.7% at 5, 51.4% at 4 (real voices 49.4%), for near-copies of training voices
    /// 1.6%, 2.4%, 2.7% and 3.3%.
    /// </summary>
    public const double DefaultCategoryPullLimit = 5;

    /// <summary>No limit to speak of: every voice's pull is far below it.</summary>
    public const double MaxCategoryPullLimit = 1000;

    /// <summary>The category pull limit screened with: the one asked for, or <see cref="DefaultCategoryPullLimit"/>.</summary>
    public double ScreeningCategoryPullLimit => CategoryPullLimit ?? DefaultCategoryPullLimit;

    /// <summary>
    /// New voices are drawn at 1 unless told, chosen for the shipped model on the validation split (BENCHMARKS.md): from
    /// 0.5 to 1 its voices sound as near real ones (Fréchet distance 0.9-1.1; 2.2 at 1.15), but below 1 it starts to hand
    /// out its training voices (at 0.85, 0.5% copies and 4.3% near-copies of 10,000; at 1, 0.02% and 0.9%). Which parameters
    /// are drawn cooler than this is the model folder's to say (<see cref="Model.Generation.TemperatureScale"/>).
    /// </summary>
    public const double DefaultTemperature = 1;

    /// <summary>Every valid value of a parameter may be drawn unless told otherwise.</summary>
    public const double DefaultTopP = 1;

    /// <summary>Voices like examples, or of a category, are drawn as far out as the encoder's own uncertainty about them.</summary>
    public const double DefaultSpread = 1;

    /// <summary>The temperature voices are drawn at: the one asked for, or <see cref="DefaultTemperature"/>.</summary>
    public double SamplingTemperature => Temperature ?? DefaultTemperature;

    /// <summary>
    /// How <paramref name="model"/>'s values are drawn: at <see cref="SamplingTemperature"/>, scaled per parameter as asked or as
    /// the model folder says, within the nucleus of <see cref="TopP"/>.
    /// </summary>
    public ValueSampling SamplingFor(ModelFolder model)
    {
        var scale = ScaleFor(model);
        return new(SamplingTemperature, TopP ?? DefaultTopP, scale.IsNone ? null : scale.PerPosition);
    }

    /// <summary>The temperature scale voices are drawn with: the one asked for, the model folder's, or none.</summary>
    public TemperatureScale ScaleFor(ModelFolder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TemperatureScale ?? model.TemperatureScale ?? global::NeuralDx7.Model.Generation.TemperatureScale.None;
    }

    /// <summary>The spread drawn at, with <see cref="Like"/> or <see cref="Category"/>.</summary>
    public double SamplingSpread => Spread ?? DefaultSpread;

    /// <summary>How many voices the request makes: one per latent when latents are given.</summary>
    public int VoiceCount => Latents?.Count ?? Count;

    public void Validate()
    {
        Check.Range(nameof(Count), VoiceCount, 1, MaxCount);
        Check.Range(nameof(Temperature), SamplingTemperature, 0, MaxTemperature);
        CheckTopP(TopP);
        // Each way of saying where voices come from, in words either front end can show.
        var sources = new[] { (nameof(Like), "voices to be like", Like is not null), (nameof(Category), "a category", Category is not null), ("Latent", "given latents", Latents is not null) }
            .Where(s => s.Item3).ToList();
        if (sources.Count > 1)
        {
            throw new InvalidRequestException(sources[1].Item1, $"cannot be combined with {sources[0].Item2}: a voice comes from one place in latent space.");
        }

        if (Prior is not null && sources.Count == 1)
        {
            throw new InvalidRequestException(nameof(Prior), $"cannot be combined with {sources[0].Item2}: it already says where the voices are drawn from.");
        }

        if (Spread is not null)
        {
            if (Like is null && Category is null)
            {
                throw new InvalidRequestException(nameof(Spread), "applies only to voices like given ones or of a category.");
            }

            Check.Range(nameof(Spread), Spread.Value, 0, MaxSpread);
        }

        if (CategoryStrength is double strength)
        {
            if (Category is null)
            {
                throw new InvalidRequestException(nameof(CategoryStrength), "applies only to voices of a category.");
            }

            Check.Range(nameof(CategoryStrength), strength, 0, MaxCategoryStrength);
        }

        if (CategoryPullLimit is double limit)
        {
            if (Category is null || !Screen)
            {
                throw new InvalidRequestException(nameof(CategoryPullLimit), "applies only to screened voices of a category.");
            }

            Check.Range(nameof(CategoryPullLimit), limit, 0, MaxCategoryPullLimit);
        }

        if (Like is not null && !Like.Any(v => v.IsValid))
        {
            throw new InvalidRequestException(nameof(Like), Like.Count == 0 ? "holds no valid voice to draw around." : $"holds no valid voice to draw around: all {Like.Count} are out of range (repair them first).");
        }
    }

    /// <summary>A top-p is a share of probability: above 0, at most 1.</summary>
    public static void CheckTopP(double? topP)
    {
        if (topP is { } p && !(p > 0 && p <= 1))
        {
            throw new InvalidRequestException(nameof(TopP), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"must be above 0 and at most 1 (a share of the probability), not {p}."));
        }
    }

    /// <summary>The examples drawn around: <see cref="Like"/>'s voices that are in range.</summary>
    public IReadOnlyList<Dx7Voice>? ValidLike => Like?.Where(v => v.IsValid).ToList();

    /// <summary>The seed asked for, or a new one: every result names the seed that reproduces it.</summary>
    public ulong SeedOrNew() => Seed ?? (ulong)Random.Shared.NextInt64(1, 1_000_000_000);
}

/// <summary>What screening did: voices judged on the first draw, how many of those were unusable, and what was left after redrawing.</summary>
/// <param name="FirstDraw">Voices judged on their first draw (the raw model).</param>
/// <param name="FirstDrawUnusable">Of those, silent or broken.</param>
/// <param name="Redraws">Further draws made in their place.</param>
/// <param name="Unusable">Slots still unusable when the draws ran out (kept: the best of their draws).</param>
/// <param name="FirstDrawOffCategory">With a category: first draws that sounded but that the model named as another kind, or that the
/// category pulled past <see cref="GenerationRequest.CategoryPullLimit"/>.</param>
/// <param name="OffCategory">With a category: slots whose voice is still named as another kind when the draws ran out (a slot whose
/// voices were all pulled too far keeps the least pulled of those named as the kind).</param>
/// <param name="FirstDrawCopies">First draws that sounded but copied a training voice's sound (the model folder's <c>training-voices.bin</c>).</param>
/// <param name="Copies">Slots whose voice still copies a training voice when the draws ran out.</param>
public sealed record ScreeningSummary(int FirstDraw, int FirstDrawUnusable, int Redraws, int Unusable, int FirstDrawOffCategory = 0, int OffCategory = 0,
    int FirstDrawCopies = 0, int Copies = 0);

/// <summary>New voices, with the seed and prior that made them (no prior for moves from given voices) and what screening did.</summary>
/// <param name="Source">Where in latent space they came from, in words: "fitted prior", "like 3 voices (spread 1)", "bass", "2 latents".</param>
public sealed record GenerationResult(IReadOnlyList<Dx7Voice> Voices, ulong Seed, PriorKind? Prior, ScreeningSummary? Screening, string? Source = null)
{
    /// <summary>Examples left out because they are out of range: neither front end drops a voice without saying so.</summary>
    public IReadOnlyList<Dx7Voice> LeftOut { get; init; } = [];

    /// <summary>The nucleus the voices were drawn from (1: every value).</summary>
    public double TopP { get; init; } = GenerationRequest.DefaultTopP;

    /// <summary>The parameters drawn at a multiple of the temperature (none: all at it).</summary>
    public TemperatureScale TemperatureScale { get; init; } = global::NeuralDx7.Model.Generation.TemperatureScale.None;

    /// <summary>One line per voice left out, for a front end to show as a warning.</summary>
    public IEnumerable<string> LeftOutWarnings => LeftOut.Select(v =>
        $"voice '{v.Name.TrimEnd()}'{(v.Source is { } source ? $" of {source}{(v.Index is int i ? $" (voice {i})" : "")}" : "")} is out of range and is left out of the examples; repair it to draw around it.");
}

/// <summary>
/// New voices from a model, the way both front ends make them: drawn from the prior, decoded, and, unless asked
/// not to, each one auditioned with our DX7 engine and drawn again while it is silent or broken, so a musician is
/// never handed a voice that makes no sound.
/// </summary>
public static class CartGeneration
{
    /// <summary>Draws per slot before a slot's best voice is kept even if unusable.</summary>
    public const int MaxDraws = 48;

    /// <summary>Draws of each off slot decoded together, with a category.</summary>
    private const int CategoryDrawsPerRound = 4;

    /// <summary>The screening audition: middle C at velocity 100, held one second.</summary>
    public static AuditionOptions ScreeningAudition { get; } = new() { Note = 60, Velocity = 100, HoldSeconds = 1, ReleaseSeconds = 0 };

    public static GenerationResult Generate(ModelFolder model, GenerationRequest request, CancellationToken cancellation = default) =>
        Generate(model, request, null, cancellation);

    /// <param name="progress">Slots whose voice is kept, of all, after the first draw and after each round of draws again.</param>
    public static GenerationResult Generate(ModelFolder model, GenerationRequest request, IProgress<(int Done, int Total)>? progress,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (request.Category is not null)
        {
            model = model.ForCategories;
        }

        if (request.CategoryStrength is not null && model.Generator.Model.Autoregressive is not { ByCategory: true })
        {
            throw new InvalidRequestException(nameof(GenerationRequest.CategoryStrength),
                $"needs a model whose decoder reads the category; {model.Path} draws a category from its region of the latent alone.");
        }

        ulong seed = request.SeedOrNew();
        var (prior, kind, source) = LatentSourceOf(model, request, seed, cancellation);
        var generator = model.Generator;
        var sampling = request.SamplingFor(model);
        var scale = request.ScaleFor(model);
        var slots = Enumerable.Range(0, request.VoiceCount).ToArray();
        double strength = request.SamplingCategoryStrength;
        var kept = generator.SampleCategoryDraws(seed, [.. slots.Select(s => (s, 0))], sampling, prior, request.Category, strength).ToArray();
        var leftOut = request.Like?.Where(v => !v.IsValid).ToList() ?? [];
        if (!request.Screen)
        {
            return new GenerationResult([.. kept.Select(d => d.Voice)], seed, kind, null, source) { LeftOut = leftOut, TopP = sampling.TopP, TemperatureScale = scale };
        }

        // A kept voice is new: one that sounds as a training voice does is drawn again. With a category, it must also be
        // one the model names as that kind: the decoder draws the name last, from every sound parameter and not told the
        // category, so its name is the model's own reading of the sound (a bass it drew is named BASS). And the category
        // must not have pulled it too far from what the latent alone would draw (see DefaultCategoryPullLimit).
        var trainingVoices = model.Trained.TrainingVoices;
        bool Copies(Dx7Voice voice) => trainingVoices.Contains(voice.SoundFingerprint);
        bool Named(Dx7Voice voice) => request.Category is not { } wanted || VoiceCategories.FromName(voice.Name) == wanted;
        double pullLimit = request.ScreeningCategoryPullLimit;
        bool Fits(CategoryDraw draw) => !Copies(draw.Voice) && Named(draw.Voice) && draw.Evidence <= pullLimit;
        // Which of two draws a slot keeps: one that sounds and fits; of two new ones that sound, neither fitting, the one
        // named as the kind, then the one pulled less; else the unbroken and louder.
        bool Prefers(CategoryDraw candidate, AuditionVerdict heard, CategoryDraw current, AuditionVerdict currentHeard)
        {
            bool fits = heard.Usable && Fits(candidate), currentFits = currentHeard.Usable && Fits(current);
            if (fits != currentFits)
            {
                return fits;
            }

            if (!heard.Usable || !currentHeard.Usable || Copies(candidate.Voice) || Copies(current.Voice))
            {
                return Better(heard, currentHeard);
            }

            return Named(candidate.Voice) != Named(current.Voice) ? Named(candidate.Voice) : candidate.Evidence < current.Evidence;
        }

        var verdicts = Audition([.. kept.Select(d => d.Voice)], cancellation);
        bool Done(int slot) => verdicts[slot].Usable && Fits(kept[slot]);
        var unusable = slots.Where(s => !Done(s)).ToList();
        int firstDrawUnusable = slots.Count(s => !verdicts[s].Usable), redraws = 0;
        int firstDrawCopies = slots.Count(s => verdicts[s].Usable && Copies(kept[s].Voice));
        int firstDrawOff = slots.Count(s => verdicts[s].Usable && !Fits(kept[s]) && !Copies(kept[s].Voice));
        progress?.Report((slots.Length - unusable.Count, slots.Length));
        // A category's off slots mostly need many draws: several a round decode in wider batches. A slot takes its draws in
        // order and stops at the first that fits, so the voices are those of one draw a round; only the time differs.
        int drawsPerRound = request.Category is null ? 1 : CategoryDrawsPerRound;
        for (int draw = 1; draw < MaxDraws && unusable.Count > 0; draw += drawsPerRound)
        {
            cancellation.ThrowIfCancellationRequested();
            int drawsThisRound = Math.Min(drawsPerRound, MaxDraws - draw);
            var pairs = unusable.SelectMany(slot => Enumerable.Range(draw, drawsThisRound).Select(d => (slot, d))).ToList();
            var candidates = generator.SampleCategoryDraws(seed, pairs, sampling, prior, request.Category, strength);
            var candidateVerdicts = Audition([.. candidates.Select(d => d.Voice)], cancellation);
            for (int i = 0; i < candidates.Count; i++)
            {
                int slot = pairs[i].slot;
                if (Done(slot))
                {
                    continue; // an earlier draw this round fitted: this one would not have been drawn
                }

                redraws++;
                if (Prefers(candidates[i], candidateVerdicts[i], kept[slot], verdicts[slot]))
                {
                    kept[slot] = candidates[i];
                    verdicts[slot] = candidateVerdicts[i];
                }
            }

            unusable = unusable.Where(s => !Done(s)).ToList();
            progress?.Report((slots.Length - unusable.Count, slots.Length));
        }

        var voices = kept.Select(d => d.Voice).ToArray();
        return new GenerationResult(voices, seed, kind,
            new ScreeningSummary(slots.Length, firstDrawUnusable, redraws, slots.Count(s => !verdicts[s].Usable), firstDrawOff,
                slots.Count(s => !Named(voices[s]) && !Copies(voices[s])), firstDrawCopies, slots.Count(s => Copies(voices[s]))), source)
        {
            LeftOut = leftOut,
            TopP = sampling.TopP,
            TemperatureScale = scale,
        };
    }

    /// <summary>Where a request's latents come from: its examples, its category's region, its given latents, or a prior.</summary>
    private static (ILatentSource Source, PriorKind? Kind, string Words) LatentSourceOf(ModelFolder model, GenerationRequest request, ulong seed,
        CancellationToken cancellation)
    {
        string spread = request.SamplingSpread.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (request.ValidLike is { } examples)
        {
            var around = LatentPrior.Around(model.Generator, examples, request.SamplingSpread, seed, cancellation);
            return (around, null, $"like {examples.Count} voice{(examples.Count == 1 ? "" : "s")} (spread {spread})");
        }

        if (request.Category is { } category)
        {
            var priors = model.CategoryPriors ?? throw new ModelFileMissingException(
                $"{model.Path} has no {CategoryPriors.FileName}, so it knows no category's voices: fit them with 'dx7 prior fit --force' on the data it was trained on.");
            if (!priors.Priors.TryGetValue(category, out var prior))
            {
                throw new InvalidRequestException(nameof(GenerationRequest.Category), $"'{VoiceCategories.Name(category)}' had {priors.TrainingVoices.GetValueOrDefault(category)} training voices, too few for a region of its own; categories with one: {string.Join(", ", priors.Priors.Keys.Order().Select(VoiceCategories.Name))}.");
            }

            return (prior.WithSpread(request.SamplingSpread), null, $"{VoiceCategories.Name(category)} (spread {spread})");
        }

        if (request.Latents is { } latents)
        {
            var statistics = model.LatentStatistics ?? throw new ModelFileMissingException(
                $"{model.Path} has no {LatentStatisticsFile.Name}, which maps numbers from 0 to 1 to latents.");
            return (new FixedLatents([.. latents.Select(u => UnitLatent.ToLatent(statistics, u))]), null, $"{latents.Count} latent{(latents.Count == 1 ? "" : "s")}");
        }

        var fitted = model.Prior(request.Prior);
        return (fitted, fitted.Kind, $"{fitted.Kind.ToString().ToLowerInvariant()} prior");
    }

    /// <summary>Each voice's verdict from the screening audition, rendered over the cores.</summary>
    public static AuditionVerdict[] Audition(IReadOnlyList<Dx7Voice> voices, CancellationToken cancellation = default) =>
        Audition(voices, ScreeningAudition, cancellation);

    public static AuditionVerdict[] Audition(IReadOnlyList<Dx7Voice> voices, AuditionOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(voices);
        ArgumentNullException.ThrowIfNull(options);
        var verdicts = new AuditionVerdict[voices.Count];
        int held = options.SampleCounts.Hold;
        Parallel.For(0, voices.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
            verdicts[i] = AuditionVerdict.Of(AuditionRenderer.Render(voices[i], options), options.SampleRate, held));
        return verdicts;
    }

    // A usable voice beats an unusable one; between unusable ones, the unbroken and louder.
    private static bool Better(AuditionVerdict candidate, AuditionVerdict current) =>
        candidate.Usable != current.Usable ? candidate.Usable
        : candidate.Broken != current.Broken ? !candidate.Broken
        : !candidate.Usable && candidate.HeldDb > current.HeldDb;
}
