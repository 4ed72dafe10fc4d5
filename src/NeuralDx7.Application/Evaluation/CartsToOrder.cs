using NeuralDx7.Application.Generation;
using NeuralDx7.Corpus;
using NeuralDx7.Model.Generation;
using NeuralDx7.Nn;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Evaluation;

/// <summary>How "like these" is measured: trials of a few held-out validation voices as examples, at each spread.</summary>
/// <param name="Data">The data the model was trained on: its validation voices it did not train on are the examples.</param>
/// <param name="Trials">Sets of examples.</param>
/// <param name="Examples">Voices per set, and the size of the random real set each is compared with.</param>
/// <param name="Spreads">The spreads measured; null: 0.5, 1, 1.5 and 2.</param>
public sealed record LikeEvaluationRequest(string Data, int Trials = 24, int Examples = 4, IReadOnlyList<double>? Spreads = null, ulong Seed = 1, double? Temperature = null)
{
    public IReadOnlyList<double> SpreadsMeasured => Spreads ?? [0.5, 1, 1.5, 2];

    public void Validate()
    {
        Check.Range(nameof(Trials), Trials, 1, 1000);
        Check.Range(nameof(Examples), Examples, 1, 32);
        if (Temperature is double temperature)
        {
            Check.Range(nameof(Temperature), temperature, 0, GenerationRequest.MaxTemperature);
        }

        foreach (double spread in SpreadsMeasured)
        {
            Check.Range("Spread", spread, 0, GenerationRequest.MaxSpread);
        }
    }
}

/// <summary>What voices drawn like examples at one spread were: how near the examples they sound, and how far from copies.</summary>
/// <param name="NearerRatio">Median over generated voices of the timbre distance to the nearest example, over the same to the nearest of as many random held-out voices: below 1, nearer the examples.</param>
/// <param name="NearerShare">Share of generated voices nearer an example than any of the random voices.</param>
/// <param name="Unique">Distinct sounds among the generated voices.</param>
/// <param name="CopiesOfExamples">Share identical in sound to an example.</param>
/// <param name="NearCopiesOfExamples">Share within the duplicate test's near-copy distance of an example.</param>
/// <param name="CopiesOfTraining">Share identical in sound to a training voice.</param>
/// <param name="NearCopiesOfTraining">Share within the near-copy distance of a training voice.</param>
public sealed record LikeSpreadFigures(double Spread, double NearerRatio, double NearerShare, double Unique, double CopiesOfExamples, double NearCopiesOfExamples,
    double CopiesOfTraining, double NearCopiesOfTraining);

public sealed record LikeEvaluationResult(int Trials, int Examples, int VoicesPerTrial, IReadOnlyList<LikeSpreadFigures> Spreads);

/// <summary>How category generation is measured by ear: a classifier from audio, trained on renders of labelled training voices.</summary>
/// <param name="Voices">Generated voices, and at most as many held-out real voices, scored per category.</param>
/// <param name="EarVoices">Labelled training voices per category the classifier hears (fewer: a quicker, rougher ear).</param>
/// <param name="Neighbours">The classifier's k: a voice is heard as the category most of its k nearest training renders have.</param>
/// <param name="CategoryStrength">As <see cref="GenerationRequest.CategoryStrength"/>.</param>
/// <param name="CategoryPullLimit">As <see cref="GenerationRequest.CategoryPullLimit"/>.</param>
/// <param name="Categories">The categories generated and scored (null: every one with a prior); the classifier hears them all either way.</param>
/// <param name="TemperatureScale">As <see cref="GenerationRequest.TemperatureScale"/>.</param>
/// <param name="TopP">As <see cref="GenerationRequest.TopP"/>.</param>
public sealed record CategoryEvaluationRequest(string Data, int Voices = 64, int EarVoices = 300, int Neighbours = 15, ulong Seed = 1,
    double? Temperature = null, double? Spread = null, double? CategoryStrength = null, double? CategoryPullLimit = null,
    IReadOnlyList<VoiceCategory>? Categories = null, TemperatureScale? TemperatureScale = null, double? TopP = null)
{
    public void Validate()
    {
        Check.Range(nameof(Voices), Voices, 1, GenerationRequest.MaxCount);
        Check.Range(nameof(EarVoices), EarVoices, 10, 10_000);
        Check.Range(nameof(Neighbours), Neighbours, 1, 100);
        Generation(VoiceCategory.Bass, Seed).Validate(); // the sampling options as cart new checks them, before the ear is trained
    }

    /// <summary>What a category's generated voices are: a cart of <see cref="Voices"/> drawn as cart new draws them.</summary>
    public GenerationRequest Generation(VoiceCategory category, ulong seed) => new(Voices, seed, Temperature, Category: category, Spread: Spread,
        CategoryStrength: CategoryStrength, CategoryPullLimit: CategoryPullLimit, TemperatureScale: TemperatureScale, TopP: TopP);
}

/// <summary>One category heard: how often its held-out real voices, and its generated ones, are heard as it.</summary>
/// <param name="HeldOutVoices">Real held-out voices of the category heard: the validation split's, at most the request's <see cref="CategoryEvaluationRequest.Voices"/>.</param>
/// <param name="GeneratedVoices">New voices of the category heard.</param>
/// <param name="Copies">Share of the generated voices equal in sound to a training voice.</param>
/// <param name="NearCopies">Share within <see cref="DuplicateTestRequest.NearCopyDistance"/> sound parameters of a training voice, copies included.</param>
/// <param name="GeneratedHeardAs">Share of the generated voices heard as each category, most heard first: where a category's misses go.</param>
/// <param name="RealHeardAs">The same for the held-out real voices: which categories the ear confuses even for real ones.</param>
public sealed record CategoryFigures(string Category, int TrainingVoices, int HeldOutVoices, int GeneratedVoices, double RealHitRate, double GeneratedHitRate,
    double Copies = 0, double NearCopies = 0, IReadOnlyDictionary<string, double>? GeneratedHeardAs = null, IReadOnlyDictionary<string, double>? RealHeardAs = null)
{
    /// <summary>The other category the generated voices were most often heard as; null when every one was heard as its own.</summary>
    public CategoryMistake? MostMistakenFor => GeneratedHeardAs?.Where(h => h.Key != Category).Select(h => new CategoryMistake(h.Key, h.Value)).FirstOrDefault();

    /// <summary>Generated hit rate as a share of the real one: 1 is as recognisable as real voices of the category.</summary>
    public double Ratio => RealHitRate > 0 ? GeneratedHitRate / RealHitRate : 0;

    /// <summary>
    /// Where <see cref="Ratio"/> lies with 95% confidence, from the counts of voices alone (the ear's own training adds
    /// more): with the 20-odd held-out voices of a small category it spans a factor of four or more.
    /// </summary>
    public Interval? RatioInterval => ShareRatio.Of(Hits(GeneratedHitRate, GeneratedVoices), GeneratedVoices, Hits(RealHitRate, HeldOutVoices), HeldOutVoices);

    private static int Hits(double share, int voices) => (int)Math.Round(share * voices);
}

/// <summary>Another category a category's generated voices were heard as, and the share of them heard so.</summary>
public sealed record CategoryMistake(string Category, double Share)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Category} {Share:0.0%}");
}

/// <param name="Copies">Share of all generated voices equal in sound to a training voice.</param>
/// <param name="NearCopies">Share of all generated voices within <see cref="DuplicateTestRequest.NearCopyDistance"/> sound parameters of one.</param>
public sealed record CategoryEvaluationResult(IReadOnlyList<CategoryFigures> Categories, double RealAccuracy, double GeneratedAccuracy, double Chance,
    double Copies = 0, double NearCopies = 0);

/// <summary>Measures carts to order: voices like examples (by timbre distance) and voices by category (by a classifier that listens).</summary>
public static class CartsToOrder
{
    public const int VoicesPerTrial = 32;

    public static LikeEvaluationResult EvaluateLike(ModelFolder model, LikeEvaluationRequest request, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var data = TrainingData.Open(request.Data, model, cancellation: cancellation);
        var heldOut = data.HeldOut(HeldOutSplit.Validation, model, request.Data).Where(v => v.IsValid).ToList();
        int perTrial = 2 * request.Examples;
        if (heldOut.Count < perTrial)
        {
            throw new InvalidDataException($"{request.Data} has {heldOut.Count} held-out validation voices; {perTrial} are needed a trial.");
        }

        var training = new SoundIndex(data.TrainedOn);
        var random = new SeededRandom(request.Seed);
        var trials = Enumerable.Range(0, request.Trials).Select(_ => Shuffle(heldOut, random).Take(perTrial).ToList()).ToList();
        var realFeatures = AudioEvaluation.Features([.. trials.SelectMany(t => t)], cancellation);
        var (mean, deviation) = AudioEvaluation.Moments(realFeatures);
        int total = request.Trials * request.SpreadsMeasured.Count, done = 0;
        var figures = new List<LikeSpreadFigures>();
        foreach (double spread in request.SpreadsMeasured)
        {
            var nearer = new List<double>();
            var further = new List<double>();
            int copiesOfExamples = 0, nearCopiesOfExamples = 0, copiesOfTraining = 0, nearCopiesOfTraining = 0, voices = 0;
            var sounds = new HashSet<ulong>();
            for (int t = 0; t < trials.Count; t++)
            {
                cancellation.ThrowIfCancellationRequested();
                var examples = trials[t].Take(request.Examples).ToList();
                var exampleFeatures = realFeatures.Skip(t * perTrial).Take(request.Examples).Select(f => AudioEvaluation.Standardise(f, mean, deviation)).ToList();
                var randomFeatures = realFeatures.Skip((t * perTrial) + request.Examples).Take(request.Examples).Select(f => AudioEvaluation.Standardise(f, mean, deviation)).ToList();
                var generated = CartGeneration.Generate(model, new GenerationRequest(VoicesPerTrial, request.Seed + (ulong)t, request.Temperature, Like: examples, Spread: spread),
                    cancellation).Voices;
                var exampleIndex = new SoundIndex(examples);
                var exampleSounds = examples.Select(v => v.SoundFingerprint).ToHashSet();
                foreach (var (voice, features) in generated.Zip(AudioEvaluation.Features(generated, cancellation)))
                {
                    var f = AudioEvaluation.Standardise(features, mean, deviation);
                    nearer.Add(exampleFeatures.Min(e => Distance(f, e)));
                    further.Add(randomFeatures.Min(r => Distance(f, r)));
                    sounds.Add(voice.SoundFingerprint);
                    copiesOfExamples += exampleSounds.Contains(voice.SoundFingerprint) ? 1 : 0;
                    nearCopiesOfExamples += NearCopy(exampleIndex, voice) ? 1 : 0;
                    copiesOfTraining += model.Trained.TrainingVoices.Contains(voice.SoundFingerprint) ? 1 : 0;
                    nearCopiesOfTraining += NearCopy(training, voice) ? 1 : 0;
                    voices++;
                }

                progress?.Report((++done, total));
            }

            double share = nearer.Zip(further).Count(p => p.First < p.Second) / (double)voices;
            figures.Add(new LikeSpreadFigures(spread, Median(nearer) / Math.Max(Median(further), 1e-12), share, sounds.Count / (double)voices,
                copiesOfExamples / (double)voices, nearCopiesOfExamples / (double)voices, copiesOfTraining / (double)voices, nearCopiesOfTraining / (double)voices));
        }

        return new LikeEvaluationResult(request.Trials, request.Examples, VoicesPerTrial, figures);
    }

    public static CategoryEvaluationResult EvaluateCategories(ModelFolder model, CategoryEvaluationRequest request,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        model = model.ForCategories; // what a cart by category is drawn with
        var priors = model.CategoryPriors ?? throw new ModelFileMissingException(
            $"{model.Path} has no {CategoryPriors.FileName}: fit it with 'dx7 prior fit --force' on the data it was trained on.");
        var data = TrainingData.Open(request.Data, model, cancellation: cancellation);
        var random = new SeededRandom(request.Seed);
        var trainBy = CategoryPriors.ByCategory(data.TrainedOn);
        var heldOutBy = CategoryPriors.ByCategory(data.HeldOut(HeldOutSplit.Validation, model, request.Data));
        var categories = VoiceCategories.All.Where(c => priors.Priors.ContainsKey(c) && trainBy.ContainsKey(c)).ToList();
        var scored = request.Categories is null ? categories : categories.Where(request.Categories.Contains).ToList();
        foreach (var asked in request.Categories ?? [])
        {
            if (!categories.Contains(asked))
            {
                throw new InvalidRequestException("Category", $"{VoiceCategories.Name(asked)} cannot be scored: the model has no prior for it, or {request.Data} no training voices of it.");
            }
        }

        int total = categories.Count + (scored.Count * 2), done = 0;

        // The classifier's ears: renders of up to EarVoices training voices per category, so no category outvotes another by number.
        var labelled = new List<(double[] Features, VoiceCategory Category)>();
        foreach (var category in categories)
        {
            var voices = Shuffle(trainBy[category], random).Take(request.EarVoices).ToList();
            labelled.AddRange(AudioEvaluation.Features(voices, cancellation).Select(f => (f, category)));
            progress?.Report((++done, total));
        }

        var (mean, deviation) = AudioEvaluation.Moments([.. labelled.Select(l => l.Features)]);
        var ears = labelled.Select(l => (AudioEvaluation.Standardise(l.Features, mean, deviation), l.Category)).ToList();
        VoiceCategory Heard(double[] features)
        {
            var f = AudioEvaluation.Standardise(features, mean, deviation);
            return ears.Select(e => (Distance: Distance(f, e.Item1), e.Category)).OrderBy(e => e.Distance).Take(request.Neighbours)
                .GroupBy(e => e.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Sum(e => e.Distance)).First().Key;
        }

        var rows = new List<CategoryFigures>();
        var training = new SoundIndex(data.TrainedOn);
        int realHits = 0, realCount = 0, generatedHits = 0, generatedCount = 0, copies = 0, nearCopies = 0;
        // Every category's held-out sample is drawn, scored or not, so a category's figures do not depend on which others are scored.
        var realBy = categories.ToDictionary(c => c, c => Shuffle(heldOutBy.GetValueOrDefault(c) ?? [], random).Take(request.Voices).ToList());
        foreach (var category in scored)
        {
            int i = categories.IndexOf(category);
            var real = realBy[category];
            var realHeardAs = AudioEvaluation.Features(real, cancellation).Select(Heard).ToList();
            int realHit = realHeardAs.Count(h => h == category);
            progress?.Report((++done, total));
            var generated = CartGeneration.Generate(model, request.Generation(category, request.Seed + (ulong)i), cancellation).Voices;
            var heardAs = AudioEvaluation.Features(generated, cancellation).Select(Heard).ToList();
            int generatedHit = heardAs.Count(h => h == category);
            int copied = generated.Count(v => model.Trained.TrainingVoices.Contains(v.SoundFingerprint));
            int nearlyCopied = generated.Count(v => NearCopy(training, v));
            progress?.Report((++done, total));
            rows.Add(new CategoryFigures(VoiceCategories.Name(category), priors.TrainingVoices.GetValueOrDefault(category), real.Count, generated.Count,
                real.Count > 0 ? realHit / (double)real.Count : 0, generatedHit / (double)generated.Count,
                copied / (double)generated.Count, nearlyCopied / (double)generated.Count, Shares(heardAs), Shares(realHeardAs)));
            copies += copied;
            nearCopies += nearlyCopied;
            realHits += realHit;
            realCount += real.Count;
            generatedHits += generatedHit;
            generatedCount += generated.Count;
        }

        return new CategoryEvaluationResult(rows, realHits / (double)Math.Max(1, realCount), generatedHits / (double)Math.Max(1, generatedCount), 1.0 / categories.Count,
            copies / (double)Math.Max(1, generatedCount), nearCopies / (double)Math.Max(1, generatedCount));
    }

    /// <summary>The share of <paramref name="heard"/> heard as each category, most heard first.</summary>
    private static Dictionary<string, double> Shares(List<VoiceCategory> heard) => heard.GroupBy(h => h).OrderByDescending(h => h.Count()).ThenBy(h => h.Key)
        .ToDictionary(h => VoiceCategories.Name(h.Key), h => h.Count() / (double)heard.Count);

    /// <summary>Whether <paramref name="index"/> holds a voice within the duplicate test's near-copy distance of <paramref name="voice"/>.</summary>
    private static bool NearCopy(SoundIndex index, Dx7Voice voice) =>
        index.Voices.Count > 0 && index.Nearest(voice).Distance <= DuplicateTestRequest.NearCopyDistance;

    private static List<T> Shuffle<T>(IReadOnlyList<T> items, SeededRandom random)
    {
        var copy = items.ToList();
        for (int i = copy.Count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy;
    }

    private static double Distance(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return Math.Sqrt(sum);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
