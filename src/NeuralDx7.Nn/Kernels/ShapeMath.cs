namespace NeuralDx7.Nn.Kernels;

/// <summary>Index arithmetic shared by the ops: broadcasting, axes, strides.</summary>
internal static class ShapeMath
{
    public static int Axis(int axis, int rank)
    {
        int a = axis < 0 ? rank + axis : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} does not exist in a tensor of rank {rank}.");
        }

        return a;
    }

    /// <summary>Product of the sizes before, at, and after an axis: the (outer, dim, inner) view of a reduction.</summary>
    public static (int Outer, int Dim, int Inner) Around(ReadOnlySpan<int> shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }

        for (int i = axis + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }

        return (outer, shape[axis], inner);
    }

    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }

        return strides;
    }

    /// <summary>NumPy broadcasting: shapes aligned on the right, sizes equal or 1.</summary>
    public static int[] BroadcastShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"Shapes [{string.Join(", ", a.ToArray())}] and [{string.Join(", ", b.ToArray())}] do not broadcast.");
            }

            shape[i] = Math.Max(da, db);
        }

        return shape;
    }

    /// <summary>Strides of <paramref name="shape"/> seen through the broadcast <paramref name="target"/> shape: 0 where it repeats.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> target)
    {
        var own = Strides(shape);
        var strides = new int[target.Length];
        int offset = target.Length - shape.Length;
        for (int i = 0; i < target.Length; i++)
        {
            strides[i] = i < offset || shape[i - offset] == 1 ? 0 : own[i - offset];
        }

        return strides;
    }

    /// <summary>
    /// True when <paramref name="small"/> (ignoring leading 1s) equals the trailing axes of <paramref name="full"/>:
    /// then it repeats as one contiguous block, the case of biases and positional tables.
    /// </summary>
    public static bool IsTrailingBlock(ReadOnlySpan<int> small, ReadOnlySpan<int> full)
    {
        while (small.Length > 0 && small[0] == 1 && small.Length > 0)
        {
            small = small[1..];
        }

        return small.Length <= full.Length && small.SequenceEqual(full[(full.Length - small.Length)..]);
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    public static string Show(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
