using System.Globalization;
using NeuralDx7.Codec;
using NeuralDx7.Model;
using NeuralDx7.Nn;
using NeuralDx7.Nn.IO;

// Usage: ModelDump <ROM1A.syx> <out.safetensors> [original|autoregressive]
// Two layers per stack keeps PyTorch's double-precision replay quick; every op of the full model is exercised.
var architecture = args.Length > 2 && args[2] == "autoregressive" ? ModelArchitecture.Autoregressive : ModelArchitecture.Original;
var config = new ModelConfig(Heads: 4, HeadWidth: 16, EncoderLayers: 2, DecoderLayers: 2, Flows: 4, LatentSize: 8, Architecture: architecture);
var model = new Dx7Vae(config, seed: 7);
var voices = Dx7Reader.ReadFile(args[0]).Voices.Take(6).Select(v => v.Voice).ToList();
if (voices.Count == 0)
{
    Console.Error.WriteLine($"ModelDump: {args[0]} holds no DX7 voices.");
    return 1;
}

int[] tokens = VoiceTokens.Encode(voices);
var random = new SeededRandom(3);
float[] noise = [.. Enumerable.Range(0, voices.Count * config.LatentSize).Select(_ => (float)random.NextNormal())];
const double klWeight = 0.3;
// The autoregressive decoder's token dropout: a fifth of the steps read the start token.
bool[] dropped = [.. Enumerable.Range(0, tokens.Length).Select(_ => architecture == ModelArchitecture.Autoregressive && random.NextDouble() < 0.2)];

using var graph = new Graph<float>(new TensorPool<float>(), recording: true, parallel: false);
var terms = model.Loss(graph, tokens, noise, klWeight, dropped: dropped);
graph.Backward(terms.Loss);

var tensors = model.NamedParameters().Select(p => new NamedTensor("w." + p.Name, p.Tensor.Shape.ToArray(), p.Tensor.Data.ToArray()))
    .Concat(model.NamedParameters().Select(p => new NamedTensor("g." + p.Name, p.Tensor.Shape.ToArray(), p.Tensor.Grad.ToArray())))
    .Append(new NamedTensor("tokens", [tokens.Length], [.. tokens.Select(t => (float)t)]))
    .Append(new NamedTensor("noise", [noise.Length], noise))
    .Append(new NamedTensor("dropped", [dropped.Length], [.. dropped.Select(d => d ? 1f : 0f)]));
string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
var metadata = new Dictionary<string, string>
{
    ["config"] = config.ToJson(),
    ["klWeight"] = F(klWeight),
    ["loss"] = F(terms.Loss[0]),
    ["reconstruction"] = F(terms.Reconstruction),
    ["kl"] = F(terms.Kl),
    ["logdet"] = F(terms.LogDet),
};
using (var file = File.Create(args[1]))
{
    Safetensors.Write(file, tensors, metadata);
}
Console.WriteLine($"C#: loss {F(terms.Loss[0])}, reconstruction {F(terms.Reconstruction)}, KL {F(terms.Kl)}, log-det {F(terms.LogDet)}");
return 0;
