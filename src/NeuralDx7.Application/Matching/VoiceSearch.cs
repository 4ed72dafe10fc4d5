using NeuralDx7.Model.Statistics;
using NeuralDx7.Nn;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Matching;

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
public sealed class VoiceSearch(ModelFolder model, TargetSound target, AudioEncoder? encoder, IReadOnlyList<Dx7Voice>? library = null, Ear ear = Ear.Ours)
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
        int latentSize = model.Model.Config.LatentSize;

        // Proposals: the encoder's prediction, the library's nearest, and draws from where the training voices are.
        var starts = new List<float[]>();
        var embedding = encoder is null ? null : AudioEmbedding.Of(target.Samples, TargetSound.SampleRate, target.Note, target.HoldSeconds);
        if (encoder is not null)
        {
            starts.Add(encoder.Predict(embedding!));
            starts.AddRange(encoder.Nearest(embedding!, 11));
        }

        var prior = model.Prior(null);
        while (starts.Count < 2 * Population)
        {
            var z = new float[latentSize];
            prior.Sample(random, z);
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
        var cma = new Cma(scored[0].Latent, 0.5, Population);
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
            var children = Enumerable.Range(0, Population).Select(_ => Mutate(parent, random)).ToList();
            Hear(children, "parameter search", budget, progress);
        }

        return new SearchResult(_best!, _bestDistance, startDistance, _evaluations, Stopped: _evaluations + Population <= budget.Evaluations, heardRows);
    }

    private double[] Evaluate(IReadOnlyList<float[]> latents, SeededRandom random, string phase, SearchBudget budget, IProgress<SearchProgress>? progress)
    {
        var flat = latents.SelectMany(z => z).ToArray();
        var seeds = latents.Select(_ => random.NextUInt64()).ToArray();
        var voices = model.Generator.Decode(flat, 0, seeds);
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

    // One to four of the 145 sound parameters moved: mostly a small step, sometimes anywhere in the range.
    private static Dx7Voice Mutate(Dx7Voice parent, SeededRandom random)
    {
        var voice = parent;
        int changes = 1;
        while (changes < 4 && random.NextDouble() < 0.5)
        {
            changes++;
        }

        for (int c = 0; c < changes; c++)
        {
            var parameter = Dx7Parameters.All[random.NextInt(Dx7Parameters.SoundCount)];
            int value = voice[parameter];
            int span = parameter.Max - parameter.Min;
            int next = random.NextDouble() < 0.7
                ? value + ((random.NextInt(2) * 2) - 1) * (1 + random.NextInt(Math.Max(1, span / 12)))
                : parameter.Min + random.NextInt(span + 1);
            voice = voice.With(parameter.Index, Math.Clamp(next, parameter.Min, parameter.Max));
        }

        return voice;
    }

    /// <summary>CMA-ES (Hansen's tutorial formulation) over a latent: a Gaussian whose mean, step size and covariance follow the best samples.</summary>
    private sealed class Cma
    {
        private readonly int _n, _lambda, _mu;
        private readonly double[] _weights;
        private readonly double _muEff, _cSigma, _dSigma, _cc, _c1, _cMu, _chiN;
        private readonly double[] _mean, _pSigma, _pC;
        private readonly double[,] _c;
        private double[,] _b;
        private double[] _d;
        private double _sigma;
        private int _generation;
        private double[][] _steps = [];

        public Cma(float[] start, double sigma, int lambda)
        {
            _n = start.Length;
            _lambda = lambda;
            _mu = lambda / 2;
            var raw = Enumerable.Range(0, _mu).Select(i => Math.Log(_mu + 0.5) - Math.Log(i + 1)).ToArray();
            _weights = [.. raw.Select(w => w / raw.Sum())];
            _muEff = 1 / _weights.Sum(w => w * w);
            _cSigma = (_muEff + 2) / (_n + _muEff + 5);
            _dSigma = 1 + (2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (_n + 1)) - 1)) + _cSigma;
            _cc = (4 + (_muEff / _n)) / (_n + 4 + (2 * _muEff / _n));
            _c1 = 2 / (((_n + 1.3) * (_n + 1.3)) + _muEff);
            _cMu = Math.Min(1 - _c1, 2 * (_muEff - 2 + (1 / _muEff)) / (((_n + 2) * (_n + 2)) + _muEff));
            _chiN = Math.Sqrt(_n) * (1 - (1.0 / (4 * _n)) + (1.0 / (21.0 * _n * _n)));
            _mean = [.. start.Select(x => (double)x)];
            _pSigma = new double[_n];
            _pC = new double[_n];
            _c = new double[_n, _n];
            _b = new double[_n, _n];
            _d = Enumerable.Repeat(1.0, _n).ToArray();
            for (int i = 0; i < _n; i++)
            {
                _c[i, i] = 1;
                _b[i, i] = 1;
            }

            _sigma = sigma;
        }

        public List<float[]> Ask(SeededRandom random)
        {
            _steps = new double[_lambda][];
            var points = new List<float[]>(_lambda);
            for (int k = 0; k < _lambda; k++)
            {
                var z = Enumerable.Range(0, _n).Select(_ => random.NextNormal()).ToArray();
                var y = new double[_n];
                for (int i = 0; i < _n; i++)
                {
                    for (int j = 0; j < _n; j++)
                    {
                        y[i] += _b[i, j] * _d[j] * z[j];
                    }
                }

                _steps[k] = y;
                points.Add([.. Enumerable.Range(0, _n).Select(i => (float)(_mean[i] + (_sigma * y[i])))]);
            }

            return points;
        }

        public void Tell(List<float[]> points, double[] fitness)
        {
            var order = Enumerable.Range(0, points.Count).OrderBy(k => fitness[k]).Take(_mu).ToArray();
            var yw = new double[_n];
            for (int i = 0; i < _mu; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    yw[j] += _weights[i] * _steps[order[i]][j];
                }
            }

            for (int j = 0; j < _n; j++)
            {
                _mean[j] += _sigma * yw[j];
            }

            // C^-1/2 yw = B D^-1 B^T yw
            var bty = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    bty[i] += _b[j, i] * yw[j];
                }
            }

            var whitened = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    whitened[i] += _b[i, j] * bty[j] / _d[j];
                }
            }

            double normFactor = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
            for (int i = 0; i < _n; i++)
            {
                _pSigma[i] = ((1 - _cSigma) * _pSigma[i]) + (normFactor * whitened[i]);
            }

            _generation++;
            double pSigmaNorm = Math.Sqrt(_pSigma.Sum(p => p * p));
            bool hSigma = pSigmaNorm / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2 * _generation)) < (1.4 + (2.0 / (_n + 1))) * _chiN;
            double cFactor = Math.Sqrt(_cc * (2 - _cc) * _muEff);
            for (int i = 0; i < _n; i++)
            {
                _pC[i] = ((1 - _cc) * _pC[i]) + (hSigma ? cFactor * yw[i] : 0);
            }

            double deltaH = hSigma ? 0 : _cc * (2 - _cc);
            for (int i = 0; i < _n; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    double rankMu = 0;
                    for (int k = 0; k < _mu; k++)
                    {
                        rankMu += _weights[k] * _steps[order[k]][i] * _steps[order[k]][j];
                    }

                    _c[i, j] = ((1 - _c1 - _cMu) * _c[i, j]) + (_c1 * ((_pC[i] * _pC[j]) + (deltaH * _c[i, j]))) + (_cMu * rankMu);
                }
            }

            _sigma *= Math.Exp(_cSigma / _dSigma * ((pSigmaNorm / _chiN) - 1));
            _sigma = Math.Clamp(_sigma, 1e-3, 3);
            var (values, vectors) = SymmetricMatrix.Eigen(_c);
            _b = vectors;
            _d = [.. values.Select(v => Math.Sqrt(Math.Max(v, 1e-12)))];
        }
    }
}
