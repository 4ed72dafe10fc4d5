using NeuralDx7.Model.Generation;
using NeuralDx7.Nn;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Matching;

/// <summary>How long a search may run: a number of voices heard, and a time that stops it sooner.</summary>
/// <param name="Evaluations">Voices to render and compare; the same seed and count give the same voice.</param>
/// <param name="Time">Stops the search sooner on a slow machine (then a rerun may search further).</param>
public sealed record SearchBudget(int Evaluations, TimeSpan Time);

/// <summary>The best voice a search found so far, as it goes.</summary>
public sealed record SearchProgress(int Evaluations, int Budget, double Distance, string Phase);

/// <summary>What a search ended with.</summary>
/// <param name="StartDistance">The distance of the best starting candidate (the audio encoder's proposals): the search's own gain is the difference.</param>
/// <param name="Stopped">Stopped early, by the time limit or Ctrl+C: the best so far.</param>
public sealed record SearchResult(Dx7Voice Voice, double Distance, double StartDistance, int Evaluations, bool Stopped, int LibraryVoicesHeard = 0);

/// <summary>
/// Finds the voice whose sound is nearest a target, rendering every candidate with our engine: first the audio
/// encoder's proposals (its prediction and the library voices nearest the sound, as the model decodes them) and draws
/// from the prior; when the library's voices are given, as many of them as they are as 40% of the budget allows,
/// nearest the sound by its embedding first (about 12,000 of the 23,712 in a minute here); then CMA-ES
/// in the model's latent space from the best of them; then an evolution strategy over the voice's 145 parameters
/// themselves, for what the decoder cannot reach. Candidates are heard through the chosen <see cref="Ear"/>, on every core; everything random comes from the
/// seed, so the same seed and number of evaluations give the same voice.
/// </summary>
public sealed class VoiceSearch(VoiceGenerator generator, ILatentSource prior, TargetSound target, AudioEncoder? encoder, IReadOnlyList<Dx7Voice>? library = null,
    Ear ear = Ear.Ours)
{
    private const int Population = 12;
    private const int LibraryBatch = 96;      // library voices heard at a time, between looks at the clock
    private const double LibraryShare = 0.4;  // of the budget, for hearing the library's voices as they are
    private const double LatentShare = 0.45;  // then for CMA-ES in latent space; the parameter search has the rest
    private const double LatentShareAfterLibrary = 0.2; // a heard library voice is usually nearer than the model's decoding of any latent

    private readonly SpectralDistance _distance = new(target.Samples, TargetSound.SampleRate);
    private readonly AuditionOptions _audition = target.Audition;
    private readonly Func<Dx7Voice, AuditionOptions, float[]> _render = Ears.Renderer(ear);
    private Dx7Voice? _best;
    private double _bestDistance = double.PositiveInfinity;
    private int _evaluations;

    public SearchResult Run(SearchBudget budget, ulong seed, IProgress<SearchProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var random = new SeededRandom(seed);
        // A batch that would hear more voices than the budget allows is not started: the budget is never exceeded.
        bool Out() => cancellation.IsCancellationRequested || clock.Elapsed >= budget.Time || _evaluations + Population > budget.Evaluations;
        int latentSize = generator.LatentSize;

        // Proposals: the encoder's prediction, the library's nearest, and draws from where the training voices are.
        var starts = new List<float[]>();
        var embedding = encoder is null ? null : AudioEmbedding.Of(target.Samples, TargetSound.SampleRate, target.Note, target.HoldSeconds);
        if (encoder is not null)
        {
            starts.Add(encoder.Predict(embedding!));
            starts.AddRange(encoder.Nearest(embedding!, 11));
        }

        while (starts.Count < 2 * Population)
        {
            var z = new float[latentSize];
            prior.Sample(starts.Count, random, z);
            starts.Add(z);
        }

        var scored = Evaluate(starts, random, "proposals", budget, progress).Select((d, i) => (Latent: starts[i], Distance: d)).OrderBy(s => s.Distance).ToList();
        int heardRows = 0;
        if (encoder is not null && library is not null)
        {
            // The library's voices as they are, nearest the sound by its embedding first, for up to its share of the
            // budget: a voice the model reconstructs only roughly may already be the sound, and the search refines it.
            var rows = encoder.NearestRows(embedding!, library.Count);
            int nearest = -1;
            double nearestDistance = double.PositiveInfinity;
            int libraryBudget = (int)(budget.Evaluations * LibraryShare);
            var libraryTime = budget.Time * LibraryShare;
            while (heardRows < rows.Count && !cancellation.IsCancellationRequested && clock.Elapsed < libraryTime)
            {
                int count = Math.Min(Math.Min(LibraryBatch, rows.Count - heardRows), Math.Min(libraryBudget, budget.Evaluations - Population) - _evaluations);
                if (count <= 0)
                {
                    break;
                }

                var heard = Hear([.. rows.Skip(heardRows).Take(count).Select(r => library[r])], "library", budget, progress);
                for (int i = 0; i < heard.Length; i++)
                {
                    if (heard[i] < nearestDistance)
                    {
                        (nearest, nearestDistance) = (rows[heardRows + i], heard[i]);
                    }
                }

                heardRows += count;
            }

            if (nearest >= 0 && nearestDistance < scored[0].Distance)
            {
                scored.Insert(0, (encoder.LatentOfRow(nearest), nearestDistance));
            }
        }

        double startDistance = _bestDistance;

        // CMA-ES in latent space, from the best proposal, until its share of the budget is spent.
        var cma = new CmaEs(scored[0].Latent, 0.5, Population);
        // The latent search has its share of whichever budget runs out first (after the library's, when it was heard).
        double latentEnd = library is null ? LatentShare : LibraryShare + LatentShareAfterLibrary;
        int latentBudget = (int)(budget.Evaluations * latentEnd);
        var latentTime = budget.Time * latentEnd;
        while (!Out() && _evaluations < latentBudget && clock.Elapsed < latentTime)
        {
            var candidates = cma.Ask(random);
            cma.Tell(candidates, Evaluate(candidates, random, "latent search", budget, progress));
        }

        // An evolution strategy over the parameters themselves, from the best voice heard.
        while (!Out())
        {
            var parent = _best!;
            var children = Enumerable.Range(0, Population).Select(_ => ParameterMutation.Mutate(parent, random)).ToList();
            Hear(children, "parameter search", budget, progress);
        }

        return new SearchResult(_best!, _bestDistance, startDistance, _evaluations, Stopped: _evaluations + Population <= budget.Evaluations, heardRows);
    }

    private double[] Evaluate(IReadOnlyList<float[]> latents, SeededRandom random, string phase, SearchBudget budget, IProgress<SearchProgress>? progress)
    {
        var flat = latents.SelectMany(z => z).ToArray();
        var seeds = latents.Select(_ => random.NextUInt64()).ToArray();
        var voices = generator.Decode(flat, 0, seeds);
        return Hear(voices, phase, budget, progress);
    }

    private double[] Hear(IReadOnlyList<Dx7Voice> voices, string phase, SearchBudget budget, IProgress<SearchProgress>? progress)
    {
        var distances = new double[voices.Count];
        Parallel.For(0, voices.Count, i => distances[i] = _distance.Distance(_render(voices[i], _audition)));
        for (int i = 0; i < voices.Count; i++)
        {
            if (distances[i] < _bestDistance)
            {
                (_best, _bestDistance) = (voices[i], distances[i]);
            }
        }

        _evaluations += voices.Count;
        progress?.Report(new SearchProgress(_evaluations, budget.Evaluations, _bestDistance, phase));
        return distances;
    }
}
