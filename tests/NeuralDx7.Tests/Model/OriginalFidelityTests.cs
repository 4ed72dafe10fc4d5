using NeuralDx7.Model;
using NeuralDx7.Nn;
using NeuralDx7.Nn.IO;
using Xunit.Abstractions;

namespace NeuralDx7.Tests.Model;

/// <summary>
/// The original architecture computes the original NeuralDX7 function: with the weights of
/// ../shared/reference/original-fidelity, every tensor the original PyTorch modules computed (posterior, flows, KL,
/// logits, per-token cross-entropy, the decoder alone on fixed latents) agrees to 1e-4 relative.
/// </summary>
public sealed class OriginalFidelityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [CorpusFact]
    public void The_original_architecture_computes_what_the_original_modules_compute()
    {
        string folder = SharedData.Reference("original-fidelity");
        var sizes = ModelConfig.Resolve(Path.Combine(folder, "config.json"));
        var model = new Dx7Vae(sizes with { Architecture = ModelArchitecture.Original }, seed: 0);
        var (weights, _) = Safetensors.Load(Path.Combine(folder, "model.safetensors"));
        TrainedModel.LoadWeights(model, weights.ToDictionary(t => t.Name), "", folder);
        var expected = Safetensors.Load(Path.Combine(folder, "expected.safetensors")).Tensors.ToDictionary(t => t.Name, t => t.Data);

        var tokens = expected["tokens"].Select(v => (int)v).ToArray();
        int batch = tokens.Length / ModelConfig.Positions, l = model.Config.LatentSize;
        using var g = new Graph<float>(new TensorPool<float>(), recording: false);
        var posterior = model.Encode(g, tokens);
        var std = g.Exp(g.Scale(posterior.LogVariance, 0.5));
        var z0 = g.Add(posterior.Mean, g.Multiply(std, g.Constant(expected["noise"], batch, l)));
        var (zk, logDet) = model.Flow(g, z0, posterior);
        var kl = g.Subtract(g.Subtract(g.Sum(g.NormalLogDensity(z0, posterior.Mean, posterior.LogVariance), 1), g.Sum(g.NormalLogDensity(zk), 1)), logDet!);
        var logits = model.Decode(g, zk);
        var crossEntropy = g.CrossEntropy(logits, tokens, VoiceTokens.AllowedValues);
        var fixedLogits = model.Decode(g, g.Constant(expected["fixed.z"], expected["fixed.z"].Length / l, l));

        var failures = new List<string>();
        Compare("mean", posterior.Mean);
        Compare("logvar", posterior.LogVariance);
        Compare("z0", z0);
        Compare("zk", zk);
        Compare("logdet", logDet!);
        Compare("klPerVoice", kl);
        Compare("logits", logits);
        Compare("cePerToken", crossEntropy);
        Compare("fixed.logits", fixedLogits);
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Each tensor's largest difference, relative to its largest value: float32 against the original's float64.
        void Compare(string name, Tensor<float> ours)
        {
            var theirs = expected[name];
            Assert.Equal(theirs.Length, ours.Length);
            double scale = theirs.Max(v => Math.Abs((double)v)), worst = 0;
            int at = 0;
            for (int i = 0; i < theirs.Length; i++)
            {
                double difference = Math.Abs(ours.Data[i] - theirs[i]);
                if (difference > worst)
                {
                    (worst, at) = (difference, i);
                }
            }

            double relative = worst / Math.Max(scale, 1e-12);
            output.WriteLine($"{name,-12} largest difference {worst:E2} at {at} (ours {ours.Data[at]}, original {theirs[at]}), {relative:E2} of its largest value {scale:G4}");
            if (relative > Tolerance)
            {
                failures.Add($"{name}: {relative:E2} relative at element {at} (ours {ours.Data[at]}, the original's {theirs[at]})");
            }
        }
    }

    [CorpusFact]
    public void A_model_folder_that_names_no_architecture_is_the_legacy_one_and_computes_other_logits()
    {
        // The fidelity model's own config.json names none, as folders written before 2026-12-05 do: loaded as a folder,
        // it keeps the positional FiLM before every decoder layer, so its logits are not the original's.
        string folder = SharedData.Reference("original-fidelity");
        var expected = Safetensors.Load(Path.Combine(folder, "expected.safetensors")).Tensors.ToDictionary(t => t.Name, t => t.Data);
        var legacy = new Dx7Vae(ModelConfig.Resolve(Path.Combine(folder, "config.json")) with { Architecture = ModelArchitecture.Legacy }, seed: 0);
        TrainedModel.LoadWeights(legacy, Safetensors.Load(Path.Combine(folder, "model.safetensors")).Tensors.ToDictionary(t => t.Name), "", folder);
        using var g = new Graph<float>(new TensorPool<float>(), recording: false);
        var logits = legacy.Decode(g, g.Constant(expected["fixed.z"], 8, 8));
        double worst = logits.Data.ToArray().Zip(expected["fixed.logits"], (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst > 1e-2, $"the legacy decoder's logits differ from the original's by at most {worst}");
    }
}
