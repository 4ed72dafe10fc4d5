using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralDx7.Nn;

// Table lookup: each index picks a row of the table.
public sealed partial class Graph<T>
{
    /// <summary>Rows of <paramref name="table"/> [V, F] picked by <paramref name="indices"/>, shaped [..shape, F].</summary>
    public Tensor<T> Embedding(ReadOnlyMemory<int> indices, int[] shape, Tensor<T> table)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int vocabulary = table.Dim(0), features = table.Dim(1);
        if (indices.Length != Tensor<T>.ShapeLength(shape))
        {
            throw new ArgumentException($"{indices.Length} indices do not fill shape [{string.Join(", ", shape)}].", nameof(indices));
        }

        var y = NewTensor([.. shape, features], Tracks(table));
        var ids = indices.Span;
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)vocabulary)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {ids[i]} is outside a table of {vocabulary} rows.");
            }

            table.Data.Slice(ids[i] * features, features).CopyTo(y.Data.Slice(i * features, features));
        }

        if (y.RequiresGrad)
        {
            OnBackward(() => // scatter-add each row's gradient into the row it came from
            {
                var ids = indices.Span;
                for (int i = 0; i < ids.Length; i++)
                {
                    var row = table.Grad.Slice(ids[i] * features, features);
                    TP.Add<T>(row, y.Grad.Slice(i * features, features), row);
                }
            });
        }

        return y;
    }
}
