namespace NeuralDx7.Nn;

// Helpers of the triangular Sylvester flows: triangles and diagonals of batched square matrices.
public sealed partial class Graph<T>
{
    /// <summary>
    /// The upper triangle of each [n, n] matrix in the last two axes: entries with column - row >= <paramref name="diagonal"/>
    /// are kept, the rest zeroed (0 keeps the diagonal, 1 is strictly upper).
    /// </summary>
    public Tensor<T> UpperTriangle(Tensor<T> x, int diagonal = 0)
    {
        int n = x.Dim(-1);
        if (x.Rank < 2 || x.Dim(-2) != n)
        {
            throw new ArgumentException($"UpperTriangle needs square matrices in the last two axes, not {x}.");
        }

        var y = NewTensor(x.ShapeArray, Tracks(x));
        MaskTriangle(x.Data, y.Data, n, diagonal, add: false);
        if (y.RequiresGrad)
        {
            OnBackward(() => MaskTriangle(y.Grad, x.Grad, n, diagonal, add: true));
        }

        return y;
    }

    /// <summary>Vectors [..., n] placed on the diagonals of zero matrices [..., n, n].</summary>
    public Tensor<T> DiagonalMatrix(Tensor<T> v)
    {
        int n = v.Dim(-1), count = v.Rows;
        var y = NewTensor([.. v.ShapeArray, n], Tracks(v), clear: true);
        for (int b = 0; b < count; b++)
        {
            for (int i = 0; i < n; i++)
            {
                y.Data[(b * n * n) + (i * n) + i] = v.Data[(b * n) + i];
            }
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                for (int b = 0; b < count; b++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        v.Grad[(b * n) + i] += y.Grad[(b * n * n) + (i * n) + i];
                    }
                }
            });
        }

        return y;
    }

    /// <summary>The diagonals [..., n] of matrices [..., n, n].</summary>
    public Tensor<T> Diagonal(Tensor<T> m)
    {
        int n = m.Dim(-1);
        if (m.Rank < 2 || m.Dim(-2) != n)
        {
            throw new ArgumentException($"Diagonal needs square matrices in the last two axes, not {m}.");
        }

        int count = m.Length / (n * n);
        var y = NewTensor(m.ShapeArray[..^1], Tracks(m));
        for (int b = 0; b < count; b++)
        {
            for (int i = 0; i < n; i++)
            {
                y.Data[(b * n) + i] = m.Data[(b * n * n) + (i * n) + i];
            }
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                for (int b = 0; b < count; b++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        m.Grad[(b * n * n) + (i * n) + i] += y.Grad[(b * n) + i];
                    }
                }
            });
        }

        return y;
    }

    private static void MaskTriangle(ReadOnlySpan<T> from, Span<T> to, int n, int diagonal, bool add)
    {
        for (int start = 0; start < from.Length; start += n * n)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    int at = start + (i * n) + j;
                    T value = j - i >= diagonal ? from[at] : T.Zero;
                    to[at] = add ? to[at] + value : value;
                }
            }
        }
    }
}
