using NeuralDx7.Nn;
using NeuralDx7.Voice;

namespace NeuralDx7.Model.Evaluation;

/// <summary>Held-out figures of a model, and of the two baselines on the same voices.</summary>
/// <param name="Voices">Voices scored (those the model was not trained on).</param>
/// <param name="Excluded">Voices left out because the model saw them in training.</param>
/// <param name="Accuracy">Share of the 155 parameters whose argmax, decoded from the posterior mean, equals the voice.</param>
/// <param name="Nll">Negative ELBO, nats per voice: reconstruction + KL, averaged over posterior samples.</param>
/// <param name="Reconstruction">Expected cross-entropy of the 155 tokens, nats per voice.</param>
/// <param name="Kl">KL estimate, nats per voice.</param>
/// <param name="BaselineMarginalNll">The training marginals' cost of the same voices; null when the model folder lacks its marginals.</param>
public sealed record EvaluationResult(
    int Voices,
    int Excluded,
    int PosteriorSamples,
    double Accuracy,
    double Nll,
    double Reconstruction,
    double Kl,
    double BaselineUniformNll,
    double BaselineUniformAccuracy,
    double? BaselineMarginalNll,
    double? BaselineMarginalAccuracy);

/// <summary>Scores a model on voices it has not seen, next to the uniform and marginal baselines.</summary>
public static class Evaluator
{
    public static EvaluationResult Evaluate(TrainedModel trained, Marginals? marginals, IReadOnlyList<Dx7Voice> voices,
        int posteriorSamples = 4, ulong seed = 1, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(voices);
        ArgumentOutOfRangeException.ThrowIfLessThan(posteriorSamples, 1);
        var unseen = voices.Where(v => !trained.TrainingVoices.Contains(v.SoundFingerprint)).ToList();
        if (unseen.Count == 0)
        {
            throw new InvalidOperationException($"All {voices.Count} voices were in the model's training set: nothing held out to evaluate.");
        }

        var model = trained.Model;
        var pool = new TensorPool<float>();
        var random = new SeededRandom(seed);
        int l = model.Config.LatentSize;
        double accuracy = 0, reconstruction = 0, kl = 0;
        const int batch = 32;
        for (int start = 0; start < unseen.Count; start += batch)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(batch, unseen.Count - start);
            var tokens = VoiceTokens.Encode(unseen.GetRange(start, n));
            using (var g = new Graph<float>(pool, recording: false))
            {
                var posterior = model.Encode(g, tokens);
                var (z, _) = model.Flow(g, posterior.Mean, posterior);
                accuracy += Dx7Vae.Accuracy(model.Decode(g, z, tokens), tokens) * n;
            }

            for (int s = 0; s < posteriorSamples; s++)
            {
                var noise = new float[n * l];
                for (int i = 0; i < noise.Length; i++)
                {
                    noise[i] = (float)random.NextNormal();
                }

                using var g = new Graph<float>(pool, recording: false);
                var terms = model.Loss(g, tokens, noise, klWeight: 0);
                reconstruction += terms.Reconstruction * n / posteriorSamples;
                kl += terms.Kl * n / posteriorSamples;
            }

            progress?.Report((start + n, unseen.Count));
        }

        var (uniformNll, uniformAccuracy) = UniformBaseline();
        var (marginalNll, marginalAccuracy) = marginals is null ? ((double?)null, (double?)null) : MarginalBaseline(marginals, unseen);
        int count = unseen.Count;
        return new EvaluationResult(count, voices.Count - count, posteriorSamples, accuracy / count, (reconstruction + kl) / count,
            reconstruction / count, kl / count, uniformNll, uniformAccuracy, marginalNll, marginalAccuracy);
    }

    /// <summary>Every valid value equally likely: the cost is the sum of log-cardinalities; a guess is right 1/cardinality of the time.</summary>
    public static (double Nll, double Accuracy) UniformBaseline() => (
        Dx7Parameters.All.Sum(p => Math.Log(p.Cardinality)),
        Dx7Parameters.All.Average(p => 1.0 / p.Cardinality));

    /// <summary>Independent per-parameter frequencies from the training set: cost under them, and how often the mode is right.</summary>
    public static (double Nll, double Accuracy) MarginalBaseline(Marginals marginals, IReadOnlyList<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(marginals);
        ArgumentNullException.ThrowIfNull(voices);
        var modes = Dx7Parameters.All.Select(marginals.Mode).ToArray();
        double nll = 0, correct = 0;
        foreach (var voice in voices)
        {
            foreach (var parameter in Dx7Parameters.All)
            {
                int value = voice[parameter];
                nll += marginals.Cost(parameter, value);
                correct += value == modes[parameter.Index] ? 1 : 0;
            }
        }

        return (nll / voices.Count, correct / (voices.Count * (double)Dx7Parameters.Count));
    }
}
