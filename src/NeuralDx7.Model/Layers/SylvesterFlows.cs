using NeuralDx7.Nn;
using NeuralDx7.Nn.Layers;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// K triangular Sylvester flows, all parameters amortised from the encoder output h by one linear layer.
/// Flow k maps z' = z + tanh(z Q R2^T + b) R1^T Q^T, with R1 and R2 upper triangular (sharing the
/// off-diagonal amortised matrix, R2 through its transpose) and tanh on their diagonals; Q is the identity
/// on even flows and the reversal on odd ones. log|det| = sum log|1 + diag(R1) diag(R2) tanh'(.)|.
/// </summary>
public sealed class SylvesterFlows : Module<float>
{
    private readonly Linear<float> _amortiser;
    private readonly int _flows, _latent;

    public SylvesterFlows(int features, int flows, int latent, SeededRandom random)
    {
        _flows = flows;
        _latent = latent;
        _amortiser = AddChild("amortiser", new Linear<float>(features, flows * ((latent * latent) + (3 * latent)), random));
    }

    /// <summary>The flow parameters of each voice in a batch, from h [B, F].</summary>
    public FlowParameters Amortise(Graph<float> g, Tensor<float> h)
    {
        int batch = h.Dim(0), k = _flows, l = _latent;
        var a = _amortiser.Forward(g, h);
        var full = g.Reshape(g.Slice(a, 1, 0, k * l * l), batch, k, l, l);
        var diag1 = g.Tanh(g.Reshape(g.Slice(a, 1, k * l * l, k * l), batch, k, l));
        var diag2 = g.Tanh(g.Reshape(g.Slice(a, 1, (k * l * l) + (k * l), k * l), batch, k, l));
        var bias = g.Reshape(g.Slice(a, 1, (k * l * l) + (2 * k * l), k * l), batch, k, l);
        return new FlowParameters(full, diag1, diag2, bias);
    }

    /// <summary>Pushes z0 [B, L] through every flow; returns zK and the summed log|det| [B].</summary>
    public (Tensor<float> Z, Tensor<float>? LogDet) Forward(Graph<float> g, Tensor<float> z, FlowParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        int batch = z.Dim(0), l = _latent;
        Tensor<float>? logDet = null;
        for (int f = 0; f < _flows; f++)
        {
            var full = g.Reshape(g.Slice(p.Full, 1, f, 1), batch, l, l);
            var d1 = g.Reshape(g.Slice(p.Diagonal1, 1, f, 1), batch, l);
            var d2 = g.Reshape(g.Slice(p.Diagonal2, 1, f, 1), batch, l);
            var b = g.Reshape(g.Slice(p.Bias, 1, f, 1), batch, 1, l);
            var r1 = g.Add(g.UpperTriangle(full, 1), g.DiagonalMatrix(d1));
            var r2 = g.Add(g.UpperTriangle(g.Transpose(full, 1, 2), 1), g.DiagonalMatrix(d2));

            bool reverse = f % 2 == 1;
            var zq = g.Reshape(reverse ? g.Flip(z, -1) : z, batch, 1, l);
            var preActivation = g.Add(g.MatMul(zq, r2, transposeB: true), b);
            var activation = g.Tanh(preActivation);
            var step = g.Reshape(g.MatMul(activation, r1, transposeB: true), batch, l);
            z = g.Add(z, reverse ? g.Flip(step, -1) : step);

            // log|1 + diag(R1) diag(R2) (1 - tanh^2)|, summed over the latent.
            var slope = g.AddScalar(g.Scale(g.Multiply(activation, activation), -1), 1);
            var jacobian = g.AddScalar(g.Multiply(g.Multiply(d1, d2), g.Reshape(slope, batch, l)), 1);
            var flowLogDet = g.Sum(g.Log(g.Abs(jacobian)), 1);
            logDet = logDet is null ? flowLogDet : g.Add(logDet, flowLogDet);
        }

        return (z, logDet);
    }
}

/// <summary>Amortised flow parameters: [B, K, L, L] off-diagonals, [B, K, L] diagonals (tanh applied) and biases.</summary>
public sealed record FlowParameters(Tensor<float> Full, Tensor<float> Diagonal1, Tensor<float> Diagonal2, Tensor<float> Bias);
