using System.Runtime.Intrinsics;
using NeuralDx7.Nn.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Multi-head self-attention as one op, straight from a fused query-key-value projection. Each (batch entry,
// head) is done on its own while its queries, keys, values and N x N weights sit in cache: no permuted copies
// of the projection, no [B, H, N, N] score tensor travelling through memory between a product and a softmax.
public sealed partial class Graph<T>
{
    /// <summary>
    /// Self-attention of <paramref name="heads"/> heads over all positions. <paramref name="qkv"/> is [B, N, 3F]:
    /// per position F query, F key and F value features, head h owning features h d .. (h + 1) d - 1 of each
    /// (d = F / heads). Head h gives softmax(scale Q K^T) V, [N, d]; the result [B, N, F] has the heads side by side.
    /// <paramref name="causal"/>: position i attends to positions 0..i only, as an autoregressive decoder's must.
    /// </summary>
    public Tensor<T> SelfAttention(Tensor<T> qkv, int heads, double scale, bool causal = false)
    {
        if (qkv.Rank != 3 || qkv.Dim(2) % 3 != 0 || heads < 1 || qkv.Dim(2) / 3 % heads != 0)
        {
            throw new ArgumentException($"Self-attention needs [B, N, 3F] with F a multiple of {heads} heads, not {qkv}.", nameof(qkv));
        }

        int batch = qkv.Dim(0), n = qkv.Dim(1), f = qkv.Dim(2) / 3, d = f / heads, units = batch * heads;
        var layout = new AttentionLayout(n, f, d, heads);
        T factor = Cast(scale);
        var y = NewTensor([batch, n, f], Tracks(qkv));
        var weights = y.RequiresGrad ? Scratch(units * n * n) : null; // the softmax of each unit, for the backward pass
        int workers = Workers(units);
        bool fast = !causal && weights is null && typeof(T) == typeof(float) && InferenceAttention.Supports(n, d);
        int perWorker = (4 * n * d) + (weights is null ? (n * n) + n : 0);
        perWorker = fast ? Math.Max(perWorker, InferenceAttention.WorkLength(n, d)) : perWorker;
        var work = Scratch(workers * perWorker);
        ForEachUnit(units, workers, (unit, w) =>
        {
            var buffer = work.AsSpan(w * perWorker, perWorker);
            int b = unit / heads;
            if (fast && InferenceAttention.Run(AsFloats(qkv.Data.Slice(b * n * 3 * f, n * 3 * f)), n, f, unit % heads * d, d, (float)scale, AsFloats(y.Data.Slice(b * n * f, n * f)), AsFloats(buffer)))
            {
                return;
            }

            int block = n * d;
            var q = buffer[..block];
            var k = buffer.Slice(block, block);
            var v = buffer.Slice(2 * block, block);
            var o = buffer.Slice(3 * block, block);
            var p = weights is null ? buffer.Slice(4 * block, n * n) : weights.AsSpan(unit * n * n, n * n);
            layout.Gather(qkv.Data, unit, q, k, v, factor); // the scale goes on the queries: N d products, not N^2
            Gemm.Multiply<T>(new GemmShape(n, n, d, TransposeB: true), q, k, p, accumulate: false, parallel: false); // scores
            if (weights is null)
            {
                // Inference keeps no weights: divide the N x d output by the row sums instead of the N x N weights.
                var inverseSums = buffer.Slice((4 * block) + (n * n), n);
                for (int i = 0; i < n; i++)
                {
                    var row = p.Slice(i * n, n);
                    int seen = causal ? i + 1 : n; // a causal row's later positions weigh 0
                    inverseSums[i] = T.One / SoftmaxNumerators(row[..seen], row[..seen], T.One);
                    row[seen..].Clear();
                }

                Gemm.Multiply<T>(new GemmShape(n, d, n), p, v, o, accumulate: false, parallel: false);
                for (int i = 0; i < n; i++)
                {
                    MoveRun(o.Slice(i * d, d), o.Slice(i * d, d), inverseSums[i]);
                }
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    var row = p.Slice(i * n, n);
                    int seen = causal ? i + 1 : n; // a causal row's later positions weigh 0, and so get no gradient
                    SoftmaxRow(row[..seen], row[..seen], T.One);
                    row[seen..].Clear();
                }

                Gemm.Multiply<T>(new GemmShape(n, d, n), p, v, o, accumulate: false, parallel: false); // P V
            }

            layout.Scatter(o, y.Data, unit, part: 0, add: false);
        });

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                int perWorkerBack = (7 * n * d) + (n * n);
                var back = Scratch(workers * perWorkerBack);
                ForEachUnit(units, workers, (unit, w) =>
                {
                    var buffer = back.AsSpan(w * perWorkerBack, perWorkerBack);
                    int block = n * d;
                    var q = buffer[..block];
                    var k = buffer.Slice(block, block);
                    var v = buffer.Slice(2 * block, block);
                    var dO = buffer.Slice(3 * block, block);
                    var dQ = buffer.Slice(4 * block, block);
                    var dK = buffer.Slice(5 * block, block);
                    var dV = buffer.Slice(6 * block, block);
                    var ds = buffer.Slice(7 * block, n * n);
                    var p = weights!.AsSpan(unit * n * n, n * n);
                    layout.Gather(qkv.Data, unit, q, k, v, T.One);
                    layout.GatherOutput(y.Grad, unit, dO);
                    Gemm.Multiply<T>(new GemmShape(n, d, n, TransposeA: true), p, dO, dV, accumulate: false, parallel: false); // dV = P^T dO
                    Gemm.Multiply<T>(new GemmShape(n, n, d, TransposeB: true), dO, v, ds, accumulate: false, parallel: false); // dP = dO V^T
                    for (int i = 0; i < n; i++)
                    {
                        SoftmaxRowGradient(p.Slice(i * n, n), ds.Slice(i * n, n), factor); // dS = scale P (dP - rowsum(dP P))
                    }

                    Gemm.Multiply<T>(new GemmShape(n, d, n), ds, k, dQ, accumulate: false, parallel: false); // dQ = dS K
                    Gemm.Multiply<T>(new GemmShape(n, d, n, TransposeA: true), ds, q, dK, accumulate: false, parallel: false); // dK = dS^T Q
                    layout.Scatter(dQ, qkv.Grad, unit, part: 0, add: true);
                    layout.Scatter(dK, qkv.Grad, unit, part: 1, add: true);
                    layout.Scatter(dV, qkv.Grad, unit, part: 2, add: true);
                });
            });
        }

        return y;
    }

    // A head's slice of a row is a few vectors (16 floats in the small model): moved in registers, as a
    // library copy's call would cost more than the copy itself.
    private static void MoveRun(ReadOnlySpan<T> from, Span<T> to, T scale)
    {
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated && from.Length % 16 == 0)
        {
            var source = AsFloats(from);
            var destination = AsFloats(to);
            var factor = Vector512.Create(float.CreateChecked(scale));
            for (int i = 0; i < source.Length; i += 16)
            {
                (Vector512.Create(source.Slice(i, 16)) * factor).CopyTo(destination.Slice(i, 16));
            }
        }
        else if (scale == T.One)
        {
            from.CopyTo(to);
        }
        else
        {
            TP.Multiply(from, scale, to);
        }
    }

    private int Workers(int units) => Parallel ? Math.Clamp(Environment.ProcessorCount, 1, units) : 1;

    // Units split into contiguous ranges, one per worker: which worker does a unit never changes its result.
    private static void ForEachUnit(int units, int workers, Action<int, int> body)
    {
        if (workers == 1)
        {
            for (int unit = 0; unit < units; unit++)
            {
                body(unit, 0);
            }

            return;
        }

        System.Threading.Tasks.Parallel.For(0, workers, w =>
        {
            for (int unit = units * w / workers; unit < units * (w + 1) / workers; unit++)
            {
                body(unit, w);
            }
        });
    }

    /// <summary>Where one (batch entry, head) unit's rows live in the fused projection [B, N, 3F] and in the output [B, N, F].</summary>
    private readonly record struct AttentionLayout(int N, int F, int D, int Heads)
    {
        /// <summary>The unit's queries (times <paramref name="queryScale"/>), keys and values as three dense [N, d] blocks.</summary>
        public void Gather(ReadOnlySpan<T> qkv, int unit, Span<T> q, Span<T> k, Span<T> v, T queryScale)
        {
            int b = unit / Heads, column = unit % Heads * D;
            for (int i = 0; i < N; i++)
            {
                var row = qkv.Slice(((b * N) + i) * 3 * F, 3 * F);
                MoveRun(row.Slice(column, D), q.Slice(i * D, D), queryScale);
                MoveRun(row.Slice(F + column, D), k.Slice(i * D, D), T.One);
                MoveRun(row.Slice((2 * F) + column, D), v.Slice(i * D, D), T.One);
            }
        }

        /// <summary>The unit's [N, d] block of an output-shaped [B, N, F] tensor (its gradient, in the backward pass).</summary>
        public void GatherOutput(ReadOnlySpan<T> output, int unit, Span<T> block)
        {
            int b = unit / Heads, column = unit % Heads * D;
            for (int i = 0; i < N; i++)
            {
                MoveRun(output.Slice((((b * N) + i) * F) + column, D), block.Slice(i * D, D), T.One);
            }
        }

        /// <summary>
        /// Writes a dense [N, d] block into the output [B, N, F] (part 0, <paramref name="add"/> false), or adds it
        /// into the query (0), key (1) or value (2) features of a projection-shaped gradient [B, N, 3F].
        /// </summary>
        public void Scatter(ReadOnlySpan<T> block, Span<T> target, int unit, int part, bool add)
        {
            int b = unit / Heads, column = unit % Heads * D, width = add ? 3 * F : F;
            for (int i = 0; i < N; i++)
            {
                var destination = target.Slice((((b * N) + i) * width) + (part * F) + column, D);
                var source = block.Slice(i * D, D);
                if (add)
                {
                    TP.Add(destination, source, destination);
                }
                else
                {
                    MoveRun(source, destination, T.One);
                }
            }
        }
    }
}
