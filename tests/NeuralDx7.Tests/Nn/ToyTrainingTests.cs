using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;
using NeuralDx7.Nn.Optim;

namespace NeuralDx7.Tests.Nn;

/// <summary>The engine end to end: a two-layer attention block learns to reverse sequences.</summary>
public class ToyTrainingTests
{
    private const int Vocabulary = 8, Length = 6, Features = 32, Heads = 2;

    private sealed class Block : Module<float>
    {
        private readonly Linear<float> _qkv, _up, _down;
        private readonly LayerNorm<float> _norm1, _norm2;

        public Block(SeededRandom random)
        {
            _qkv = AddChild("qkv", new Linear<float>(Features, 3 * Features, random));
            _norm1 = AddChild("norm1", new LayerNorm<float>(Features));
            _up = AddChild("up", new Linear<float>(Features, 3 * Features, random));
            _down = AddChild("down", new Linear<float>(3 * Features, Features, random));
            _norm2 = AddChild("norm2", new LayerNorm<float>(Features, affine: false));
        }

        public Tensor<float> Forward(Graph<float> g, Tensor<float> x)
        {
            int batch = x.Dim(0), width = Features / Heads;
            var qkv = g.Permute(g.Reshape(_qkv.Forward(g, x), batch, Length, 3, Heads, width), 2, 0, 3, 1, 4);
            var q = g.Reshape(g.Slice(qkv, 0, 0, 1), batch, Heads, Length, width);
            var k = g.Reshape(g.Slice(qkv, 0, 1, 1), batch, Heads, Length, width);
            var v = g.Reshape(g.Slice(qkv, 0, 2, 1), batch, Heads, Length, width);
            var weights = g.Softmax(g.Scale(g.MatMul(q, k, transposeB: true), 1 / Math.Sqrt(width)));
            var attended = g.Reshape(g.Permute(g.MatMul(weights, v), 0, 2, 1, 3), batch, Length, Features);
            var h = _norm1.Forward(g, g.Add(x, attended));
            return _norm2.Forward(g, g.Add(h, _down.Forward(g, g.Gelu(_up.Forward(g, h)))));
        }
    }

    private sealed class Reverser : Module<float>
    {
        private readonly Embedding<float> _tokens, _positions;
        private readonly Block _first, _second;
        private readonly Linear<float> _out;

        public Reverser(SeededRandom random)
        {
            _tokens = AddChild("tokens", new Embedding<float>(Vocabulary, Features, random));
            _positions = AddChild("positions", new Embedding<float>(Length, Features, random));
            _first = AddChild("first", new Block(random));
            _second = AddChild("second", new Block(random));
            _out = AddChild("out", new Linear<float>(Features, Vocabulary, random));
        }

        public Tensor<float> Loss(Graph<float> g, int[] tokens, int[] targets, bool[] allowed)
        {
            int batch = tokens.Length / Length;
            var positions = Enumerable.Range(0, Length).ToArray();
            var x = g.Add(_tokens.Forward(g, tokens, batch, Length), _positions.Forward(g, positions, Length));
            var logits = _out.Forward(g, _second.Forward(g, _first.Forward(g, x)));
            return g.MeanAll(g.CrossEntropy(logits, targets, allowed));
        }
    }

    [Fact]
    public void A_two_layer_attention_block_learns_to_reverse_sequences()
    {
        var random = new SeededRandom(11);
        var model = new Reverser(random);
        var adam = new AdamW<float>(model.NamedParameters(), learningRate: 3e-3, weightDecay: 0);
        var pool = new TensorPool<float>();
        var allowed = Enumerable.Repeat(true, Vocabulary).ToArray();
        const int batch = 32;

        double Step(bool train)
        {
            var tokens = new int[batch * Length];
            var targets = new int[batch * Length];
            for (int b = 0; b < batch; b++)
            {
                for (int i = 0; i < Length; i++)
                {
                    tokens[(b * Length) + i] = random.NextInt(Vocabulary);
                }

                for (int i = 0; i < Length; i++)
                {
                    targets[(b * Length) + i] = tokens[(b * Length) + Length - 1 - i];
                }
            }

            using var g = new Graph<float>(pool, recording: train);
            var loss = model.Loss(g, tokens, targets, allowed);
            if (train)
            {
                model.ZeroGrad();
                g.Backward(loss);
                GradientClipping.ClipByGlobalNorm(model.Parameters(), 1.0);
                adam.Step();
            }

            return loss[0];
        }

        double initial = Enumerable.Range(0, 8).Average(_ => Step(train: false));
        for (int step = 0; step < 600; step++)
        {
            Step(train: true);
        }

        double final = Enumerable.Range(0, 8).Average(_ => Step(train: false));
        Assert.True(final < initial / 10, $"loss went from {initial:0.000} to {final:0.000}");
    }

    [Fact]
    public void Inference_without_the_tape_reuses_its_buffers()
    {
        var model = new Reverser(new SeededRandom(12));
        var pool = new TensorPool<float>();
        var allowed = Enumerable.Repeat(true, Vocabulary).ToArray();
        var tokens = Enumerable.Range(0, 4 * Length).Select(i => i % Vocabulary).ToArray();

        double Run()
        {
            using var g = new Graph<float>(pool, recording: false);
            return model.Loss(g, tokens, tokens, allowed)[0];
        }

        double first = Run();
        long allocated = pool.Allocations;
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(first, Run());
        }

        Assert.Equal(allocated, pool.Allocations);
        Assert.All(model.Parameters(), p => Assert.All(p.Grad.ToArray(), g => Assert.Equal(0f, g)));
    }
}
