using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NeuralDx7.Nn.Kernels;

/// <summary>Which float32 GEMM kernel to use; <see cref="Auto"/> picks the widest the CPU has.</summary>
public enum GemmKernel
{
    Auto,
    /// <summary>Vector512 with FMA: a 12 x 32 register tile, 16 x 16 for narrow products.</summary>
    Avx512,
    /// <summary>Vector256 with FMA, a 6 x 16 register tile.</summary>
    Avx2,
    /// <summary>Plain C#, for CPUs without either.</summary>
    Scalar,
}

/// <summary>
/// The shape of C (+)= op(A) op(B), where op(A) is M x K and op(B) is K x N, all row-major.
/// A is stored K x M when <see cref="TransposeA"/>, B is stored N x K when <see cref="TransposeB"/>.
/// </summary>
public readonly record struct GemmShape(int M, int N, int K, bool TransposeA = false, bool TransposeB = false)
{
    public long Flops => 2L * M * N * K;
}

/// <summary>
/// Matrix multiplication. Float32 runs a blocked kernel: B is packed into panels of NR columns, A into
/// panels of MR rows, and an MR x NR tile of C stays in registers across the K loop; row tiles are shared
/// out over the cores. Other element types (double, for gradient checks) use a plain loop.
/// </summary>
public static partial class Gemm
{
    private const int KBlock = 256;

    // Below this many flops a second thread costs more than it saves.
    private const long ParallelThreshold = 4_000_000;

    public static GemmKernel BestKernel =>
        Avx512F.IsSupported ? GemmKernel.Avx512 : Fma.IsSupported && Avx2.IsSupported ? GemmKernel.Avx2 : GemmKernel.Scalar;

    /// <summary>
    /// C = op(A) op(B), or C += op(A) op(B) when <paramref name="accumulate"/>; plus <paramref name="bias"/>, when
    /// given, added to every row of C (a Linear layer's bias, folded into the product instead of a pass of its own).
    /// </summary>
    public static void Multiply<T>(GemmShape shape, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate, bool parallel = true, GemmKernel kernel = GemmKernel.Auto, ReadOnlySpan<T> bias = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(shape, a.Length, b.Length, c.Length);
        CheckBias(bias, shape.N);

        if (shape.M == 0 || shape.N == 0)
        {
            return;
        }

        if (shape.K == 0)
        {
            if (!accumulate)
            {
                c[..(shape.M * shape.N)].Clear();
            }

            AddRows(c, bias, shape.M);
            return;
        }

        var k = kernel == GemmKernel.Auto ? BestKernel : kernel;
        if (typeof(T) == typeof(float) && k != GemmKernel.Scalar)
        {
            MultiplyFloat(shape, Cast<T, float>(a), Cast<T, float>(b), CastSpan<T, float>(c), accumulate, parallel && shape.Flops >= ParallelThreshold, k, Cast<T, float>(bias));
        }
        else
        {
            Loop(shape, a, b, c, accumulate);
            AddRows(c, bias, shape.M);
        }
    }

    /// <summary>
    /// A Linear layer's weight (B stored N x K, used transposed) packed once into the kernel's panels, for inference
    /// that multiplies by the same weight many times; null where the CPU runs the plain loop, which packs nothing.
    /// </summary>
    public static unsafe PackedWeight? PackTransposed(ReadOnlySpan<float> b, int n, int k)
    {
        var kernel = BestKernel;
        if (kernel == GemmKernel.Scalar || n <= 0 || k <= 0)
        {
            return null;
        }

        var shape = new GemmShape(0, n, k, TransposeB: true);
        CheckSizes(shape, 0, b.Length, 0);
        var (_, nr) = TileOf(shape, kernel);
        int panels = (n + nr - 1) / nr;
        var packed = new float[panels * nr * k];
        fixed (float* pb = b, ppacked = packed)
        {
            // Each K block's panels follow the previous block's, laid out as the product would pack them.
            for (int k0 = 0; k0 < k; k0 += KBlock)
            {
                var job = new FloatJob(shape, null, pb, null, ppacked + (panels * nr * k0), null, 0, nr, kernel);
                PackB(job, k0, Math.Min(KBlock, k - k0));
            }
        }

        return new PackedWeight(n, k, kernel, packed);
    }

    /// <summary>C = A W^T (+ bias) for a weight packed by <see cref="PackTransposed"/>: the same values as <see cref="Multiply{T}"/>, without packing.</summary>
    public static void Multiply(int m, ReadOnlySpan<float> a, PackedWeight weight, Span<float> c, bool parallel = true, ReadOnlySpan<float> bias = default)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var shape = new GemmShape(m, weight.N, weight.K, TransposeB: true);
        CheckSizes(shape, a.Length, weight.N * weight.K, c.Length);
        CheckBias(bias, shape.N);

        if (m > 0)
        {
            MultiplyFloat(shape, a, default, c, accumulate: false, parallel && shape.Flops >= ParallelThreshold, weight.Kernel, bias, weight.Panels);
        }
    }

    private static (int MR, int NR) TileOf(GemmShape shape, GemmKernel kernel) =>
        // Narrow products (N <= 16, as attention's weights times values) get a tile one vector wide; products of few
        // rows (a decoding step's 8 or 16 voices) get the shorter tile when the taller would pad them by more than a tenth.
        kernel != GemmKernel.Avx512 ? (Shorter(shape.M, 4, 6), 16) : shape.N <= 16 ? (16, 16) : (Shorter(shape.M, 8, 12), 32);

    private static int Shorter(int m, int shortTile, int tallTile) => PaddedRows(m, shortTile) * 10 < PaddedRows(m, tallTile) * 9 ? shortTile : tallTile;

    private static int PaddedRows(int m, int tile) => (m + tile - 1) / tile * tile;

    private static void AddRows<T>(Span<T> c, ReadOnlySpan<T> bias, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; !bias.IsEmpty && r < rows; r++)
        {
            var row = c.Slice(r * bias.Length, bias.Length);
            System.Numerics.Tensors.TensorPrimitives.Add(row, bias, row);
        }
    }

    // An empty bias is none; any other must give one value per column.
    private static void CheckBias<T>(ReadOnlySpan<T> bias, int columns)
    {
        if (!bias.IsEmpty && bias.Length != columns)
        {
            throw new ArgumentException($"A bias of {bias.Length} values does not fit {columns} columns.", nameof(bias));
        }
    }

    private static void CheckSizes(GemmShape s, int a, int b, int c)
    {
        if (s.M < 0 || s.N < 0 || s.K < 0 || a < (long)s.M * s.K || b < (long)s.K * s.N || c < (long)s.M * s.N)
        {
            throw new ArgumentException($"GEMM {s.M}x{s.K} by {s.K}x{s.N} does not fit buffers of {a}, {b} and {c} elements.");
        }
    }

    // i-k-j order: the inner loop runs along rows of B and C, which the JIT vectorises well enough for tests.
    private static void Loop<T>(GemmShape shape, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (m, n, kk, ta, tb) = shape;
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }

        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * n, n);
            for (int p = 0; p < kk; p++)
            {
                T x = ta ? a[(p * m) + i] : a[(i * kk) + p];
                if (tb)
                {
                    for (int j = 0; j < n; j++)
                    {
                        row[j] += x * b[(j * kk) + p];
                    }
                }
                else
                {
                    var bRow = b.Slice(p * n, n);
                    for (int j = 0; j < n; j++)
                    {
                        row[j] += x * bRow[j];
                    }
                }
            }
        }
    }

    // prepacked: every panel of a transposed B, K block after K block (PackTransposed), or null to pack here.
    private static unsafe void MultiplyFloat(
        GemmShape shape, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate, bool parallel, GemmKernel kernel, ReadOnlySpan<float> bias,
        float[]? prepacked = null)
    {
        if ((kernel == GemmKernel.Avx512 && !Avx512F.IsSupported) || (kernel == GemmKernel.Avx2 && !(Fma.IsSupported && Avx2.IsSupported)))
        {
            throw new PlatformNotSupportedException($"This CPU cannot run the {kernel} GEMM kernel.");
        }

        var (mr, nr) = TileOf(shape, kernel);

        // B is read in place when its rows are C's columns; only a transposed B, or the last panel of
        // a width that NR does not divide, is copied into zero-padded panels.
        int panels = (shape.N + nr - 1) / nr;
        int packedPanels = shape.TransposeB ? panels : shape.N % nr == 0 ? 0 : 1;
        int kBlock = Math.Min(KBlock, shape.K);
        float[]? packed = packedPanels == 0 || prepacked is not null ? null : ArrayPool<float>.Shared.Rent(packedPanels * nr * kBlock);
        float[]? paddedBias = bias.IsEmpty ? null : ArrayPool<float>.Shared.Rent(panels * nr); // whole vectors for the last panel too
        if (paddedBias is not null)
        {
            bias.CopyTo(paddedBias);
            paddedBias.AsSpan(bias.Length, (panels * nr) - bias.Length).Clear();
        }

        try
        {
            fixed (float* pa = a, pb = b, pc = c, ppacked = packed, pprepacked = prepacked, pbias = paddedBias)
            {
                for (int k0 = 0; k0 < shape.K; k0 += KBlock)
                {
                    int kc = Math.Min(KBlock, shape.K - k0);
                    var job = new FloatJob(shape, pa, pb, pc, pprepacked is null ? ppacked : pprepacked + (panels * nr * k0), pbias, mr, nr, kernel);
                    if (packed is not null)
                    {
                        PackB(job, k0, kc);
                    }

                    bool add = accumulate || k0 > 0;
                    int tiles = (shape.M + mr - 1) / mr;
                    if (parallel && tiles > 1)
                    {
                        int workers = Math.Min(Environment.ProcessorCount, tiles);
                        System.Threading.Tasks.Parallel.For(0, workers, w =>
                            RunTiles(job, k0, kc, add, tiles * w / workers, tiles * (w + 1) / workers));
                    }
                    else
                    {
                        RunTiles(job, k0, kc, add, 0, tiles);
                    }
                }
            }
        }
        finally
        {
            if (packed is not null)
            {
                ArrayPool<float>.Shared.Return(packed);
            }

            if (paddedBias is not null)
            {
                ArrayPool<float>.Shared.Return(paddedBias);
            }
        }
    }

    /// <summary>Pointers and sizes of one float GEMM, shared read-only by the workers.</summary>
    private readonly unsafe struct FloatJob(GemmShape shape, float* a, float* b, float* c, float* packed, float* bias, int mr, int nr, GemmKernel kernel)
    {
        public readonly GemmShape Shape = shape;
        public readonly float* A = a;
        public readonly float* B = b;
        public readonly float* C = c;
        public readonly float* Packed = packed;
        public readonly float* Bias = bias; // null, or the bias zero-padded to whole panels

        public readonly int MR = mr;
        public readonly int NR = nr;
        public readonly GemmKernel Kernel = kernel;

        /// <summary>The first panel that lives in <see cref="Packed"/> rather than in B itself.</summary>
        public int FirstPackedPanel => Shape.TransposeB ? 0 : Shape.N / NR;
    }

    // Copies rows k0..k0+kc of the packed panels, k-major, zero past N.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB(in FloatJob job, int k0, int kc)
    {
        var (_, n, kk, _, tb) = job.Shape;
        int nr = job.NR;
        for (int p = job.FirstPackedPanel; p * nr < n; p++)
        {
            float* dst = job.Packed + ((p - job.FirstPackedPanel) * nr * kc);
            int j0 = p * nr;
            int width = Math.Min(nr, n - j0);
            if (tb)
            {
                // Row j of stored B is column j of the panel: sixteen by sixteen in registers where the CPU can,
                // the rest read along and written down (the panel stays in L1).
                int blocked = Transpose.IsAccelerated ? kc & ~15 : 0;
                for (int j = 0; j < width && blocked > 0; j += 16)
                {
                    for (int k = 0; k < blocked; k += 16)
                    {
                        Transpose.Block16(job.B + ((j0 + j) * kk) + k0 + k, kk, Math.Min(16, width - j), dst + (k * nr) + j, nr);
                    }
                }

                for (int j = 0; j < width; j++)
                {
                    float* source = job.B + ((j0 + j) * kk) + k0;
                    for (int k = blocked; k < kc; k++)
                    {
                        dst[(k * nr) + j] = source[k];
                    }
                }
            }

            for (int k = 0; k < kc; k++)
            {
                float* row = dst + (k * nr);
                if (!tb)
                {
                    new ReadOnlySpan<float>(job.B + ((k0 + k) * n) + j0, width).CopyTo(new Span<float>(row, width));
                }

                new Span<float>(row + width, nr - width).Clear();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // the padded tile is written before it is read
    private static unsafe void RunTiles(in FloatJob job, int k0, int kc, bool add, int firstTile, int endTile)
    {
        var (m, n, kk, ta, _) = job.Shape;
        int mr = job.MR, nr = job.NR;

        // A is read where it lies: A(r, k) at r * rowStride + k * step, row-major or column-major when transposed.
        float* a = ta ? job.A + (k0 * m) : job.A + k0;
        nint rowStride = ta ? 1 : kk, step = ta ? m : 1;
        float* padded = stackalloc float[16 * KBlock];
        for (int tile = firstTile; tile < endTile; tile++)
        {
            int i0 = tile * mr;
            int rows = Math.Min(mr, m - i0);
            float* aTile = a + (i0 * rowStride);
            nint tileRowStride = rowStride, tileStep = step;
            if (rows < mr)
            {
                // A last, partial tile: copied row-major and padded with zero rows, so that every row a kernel reads is memory of A's.
                for (int r = 0; r < rows; r++)
                {
                    if (step == 1)
                    {
                        new ReadOnlySpan<float>(aTile + (r * rowStride), kc).CopyTo(new Span<float>(padded + (r * kc), kc));
                        continue;
                    }

                    for (int k = 0; k < kc; k++)
                    {
                        padded[(r * kc) + k] = aTile[(r * rowStride) + (k * step)];
                    }
                }

                new Span<float>(padded + (rows * kc), (mr - rows) * kc).Clear();

                aTile = padded;
                tileRowStride = kc;
                tileStep = 1;
            }

            for (int p = 0; p * nr < n; p++)
            {
                int j0 = p * nr;
                int cols = Math.Min(nr, n - j0);
                bool inPlace = p < job.FirstPackedPanel;
                float* pb = inPlace ? job.B + (k0 * n) + j0 : job.Packed + ((p - job.FirstPackedPanel) * nr * kc);
                int ldb = inPlace ? n : nr;
                float* pc = job.C + (i0 * n) + j0;
                float* pbias = job.Bias == null || k0 > 0 ? null : job.Bias + j0; // added once, with the first K block
                switch (job.Kernel, mr)
                {
                    case (GemmKernel.Avx512, 12): Kernel12x32(kc, aTile, tileRowStride, tileStep, pb, ldb, pc, n, rows, cols, add, pbias); break;
                    case (GemmKernel.Avx512, 8): Kernel8x32(kc, aTile, tileRowStride, tileStep, pb, ldb, pc, n, rows, cols, add, pbias); break;
                    case (GemmKernel.Avx512, _): Kernel16x16(kc, aTile, tileRowStride, tileStep, pb, ldb, pc, n, rows, cols, add, pbias); break;
                    case (_, 4): Kernel4x16(kc, aTile, tileRowStride, tileStep, pb, ldb, pc, n, rows, cols, add, pbias); break;
                    default: Kernel6x16(kc, aTile, tileRowStride, tileStep, pb, ldb, pc, n, rows, cols, add, pbias); break;
                }
            }
        }
    }

    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> span)
        where TFrom : unmanaged
        where TTo : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(span);

    private static Span<TTo> CastSpan<TFrom, TTo>(Span<TFrom> span)
        where TFrom : unmanaged
        where TTo : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(span);
}
