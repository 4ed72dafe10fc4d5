using NeuralDx7.Application.Evaluation;
using NeuralDx7.Matching;
using NeuralDx7.Nn;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Matching;

/// <summary>How well matching finds voices nobody trained on: how many targets, and the two search budgets.</summary>
/// <param name="Hexter">Render the targets with hexter, and judge each method's voice by hexter's render of it (the searches
/// still listen with our engine): so a result is not an artefact of our own engine.</param>
/// <param name="Ear">The synth retrieval, the encoder's proposal and the searches listen through.</param>
public sealed record MatchBenchmarkRequest(string Data, int Targets = 10, double ShortSeconds = 10, double LongSeconds = 60, ulong Seed = 1, bool Hexter = false, Ear Ear = Ear.Ours)
{
    public void Validate()
    {
        Ears.Check(Ear);
        Check.Range(nameof(Targets), Targets, 1, 500);
        Check.Range(nameof(ShortSeconds), ShortSeconds, 1, 3600);
        Check.Range(nameof(LongSeconds), LongSeconds, 1, 3600);
    }
}

/// <summary>One target's distances: the best training voice, the encoder's proposal alone, and the search at both budgets.</summary>
public sealed record MatchBenchmarkRow(string Target, string Retrieved, double Retrieval, double Encoder, double Short, double Long, int ShortEvaluations, int LongEvaluations);

/// <summary>
/// The table, and its medians; <see cref="LongBeatsRetrieval"/> is the share of targets the long search matched better than any
/// training voice. <see cref="SameSoundInTraining"/> names the test voices passed over as targets because a training voice
/// makes their very sound (distance 0), which nothing can beat.
/// </summary>
public sealed record MatchBenchmarkResult(
    IReadOnlyList<MatchBenchmarkRow> Rows, double MedianRetrieval, double MedianEncoder, double MedianShort, double MedianLong,
    double ShortBeatsRetrieval, double LongBeatsRetrieval, int TrainingVoices, double ShortSeconds, double LongSeconds, string Judge, bool SearchHeardLibrary,
    IReadOnlyList<string> SameSoundInTraining, Ear Ear);

/// <summary>
/// The match benchmark: targets are test-split voices (never trained on), rendered by our engine at middle C (held a
/// second, released a second), except those whose very sound a training voice makes. Each is matched (a) by retrieval, rendering every training voice and keeping the
/// nearest, as a user with a big library would; (b) by the audio encoder's proposal alone; (c) by the encoder and the
/// search, at a short and a long budget.
/// </summary>
public static class MatchBenchmark
{
    private const int SpareTargets = 8;       // candidates heard beyond the count, to stand in for targets passed over
    private const double SameSound = 1e-9;    // a retrieval distance this small is the target's own sound

    /// <summary>How every target is played: middle C at velocity 100, held one second and released for one, as 'dx7 match' assumes.</summary>
    private static readonly AuditionOptions TargetAudition = new() { Note = 60, Velocity = 100, HoldSeconds = 1, ReleaseSeconds = 1, SampleRate = TargetSound.SampleRate };

    public static MatchBenchmarkResult Run(ModelFolder model, MatchBenchmarkRequest request, IProgress<(string Stage, int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var data = TrainingData.Open(request.Data, model, cancellation: cancellation);

        // Targets: sounding test voices, in an order drawn from the seed.
        var random = new SeededRandom(request.Seed);
        var pool = data.HeldOut(HeldOutSplit.Test, model, request.Data).ToArray();
        for (int i = pool.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        if (request.Hexter && !Synth.Hexter.IsInstalled)
        {
            throw new InvalidOperationException($"hexter is not installed ({Synth.Hexter.PluginPath}): apt-get install hexter, or leave out the hexter option.");
        }

        Func<Dx7Voice, float[]> reference = request.Hexter ? v => Synth.Hexter.Render(v, TargetAudition) : v => AuditionRenderer.Render(v, TargetAudition);
        // Candidates beyond the count stand in for targets whose very sound a training voice makes (see below).
        var targets = new List<(Dx7Voice Voice, TargetSound Sound, SpectralDistance Distance)>();
        foreach (var voice in pool)
        {
            var samples = reference(voice);
            if (AuditionVerdict.Of(samples, TargetAudition.SampleRate, TargetAudition.SampleCounts.Hold).Usable)
            {
                var sound = TargetSound.Rendered(samples, TargetAudition.Note, TargetAudition.HoldSeconds, TargetAudition.ReleaseSeconds, voice.Name);
                targets.Add((voice, sound, new SpectralDistance(samples, TargetSound.SampleRate)));
            }

            if (targets.Count == request.Targets + SpareTargets)
            {
                break;
            }
        }

        // (a) Retrieval: every training voice heard once, compared with every target.
        var ear = Ears.Renderer(request.Ear);
        var training = data.TrainedOn;
        var best = targets.Select(_ => (Distance: double.PositiveInfinity, Index: -1)).ToArray();
        int heard = 0;
        object gate = new();
        Parallel.For(0, training.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            var measured = SpectralDistance.Measure(ear(training[i], TargetAudition), TargetAudition.SampleRate);
            var distances = targets.Select(t => t.Distance.Distance(measured)).ToArray();
            lock (gate)
            {
                for (int t = 0; t < distances.Length; t++)
                {
                    if (distances[t] < best[t].Distance || (distances[t] == best[t].Distance && i < best[t].Index))
                    {
                        best[t] = (distances[t], i);
                    }
                }

                if (++heard % 512 == 0 || heard == training.Count)
                {
                    progress?.Report(("retrieval", heard, training.Count));
                }
            }
        });

        // A test voice whose sound a training voice makes exactly (the split keeps equal parameter sets apart, not equal
        // sounds: an operator nobody hears may differ) was heard in training; nothing can beat retrieval's 0 on it.
        var kept = new List<int>();
        var sameSound = new List<string>();
        for (int t = 0; t < targets.Count && kept.Count < request.Targets; t++)
        {
            if (targets[t].Distance.Distance(reference(training[best[t].Index])) < SameSound)
            {
                sameSound.Add(targets[t].Voice.Name.TrimEnd());
            }
            else
            {
                kept.Add(t);
            }
        }

        // (b) the encoder's proposal alone, and (c) the search at both budgets.
        var encoder = model.AudioEncoder;
        var prior = model.Prior(null);
        // The search hears the library's nearest voices as they are, as 'dx7 match --library' does, when the data is the encoder's.
        var library = VoiceLibrary.Matches(model, training) ? training : null;
        var rows = new List<MatchBenchmarkRow>();
        foreach (int t in kept)
        {
            cancellation.ThrowIfCancellationRequested();
            var (voice, sound, distance) = targets[t];
            double encoded = double.NaN;
            Dx7Voice? proposalVoice = null;
            if (encoder is not null)
            {
                var latent = encoder.Predict(AudioEmbedding.Of(sound.Samples, TargetSound.SampleRate, TargetAudition.Note, TargetAudition.HoldSeconds));
                proposalVoice = model.Generator.Decode(latent, 0, [request.Seed])[0];
                encoded = distance.Distance(ear(proposalVoice, TargetAudition));
            }

            var shortRun = new VoiceSearch(model.Generator, prior, sound, encoder, library, request.Ear).Run(new SearchBudget(MatchRequest.MaxEvaluations, TimeSpan.FromSeconds(request.ShortSeconds)), request.Seed, cancellation: cancellation);
            var longRun = new VoiceSearch(model.Generator, prior, sound, encoder, library, request.Ear).Run(new SearchBudget(MatchRequest.MaxEvaluations, TimeSpan.FromSeconds(request.LongSeconds)), request.Seed, cancellation: cancellation);
            var retrieved = training[best[t].Index];
            // Judged by another synth than the ear, each method's voice is heard again through it; by the ear, its own figures stand.
            double Judged(Dx7Voice found, double heard) => request.Hexter == (request.Ear == Ear.Hexter) ? heard : distance.Distance(reference(found));
            rows.Add(new MatchBenchmarkRow(voice.Name.TrimEnd(), retrieved.Name.TrimEnd(), Judged(retrieved, best[t].Distance),
                double.IsNaN(encoded) ? encoded : Judged(proposalVoice!, encoded),
                Judged(shortRun.Voice, shortRun.Distance), Judged(longRun.Voice, longRun.Distance), shortRun.Evaluations, longRun.Evaluations));
            progress?.Report(("searching", rows.Count, kept.Count));
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Where(double.IsFinite).Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new MatchBenchmarkResult(rows, Median(rows.Select(r => r.Retrieval)), Median(rows.Select(r => r.Encoder)), Median(rows.Select(r => r.Short)),
            Median(rows.Select(r => r.Long)), rows.Count(r => r.Short < r.Retrieval) / (double)Math.Max(1, rows.Count),
            rows.Count(r => r.Long < r.Retrieval) / (double)Math.Max(1, rows.Count), training.Count, request.ShortSeconds, request.LongSeconds,
            request.Hexter ? "hexter" : "ours", library is not null, sameSound, request.Ear);
    }
}
