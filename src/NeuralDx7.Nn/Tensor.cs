using System.Numerics;

namespace NeuralDx7.Nn;

/// <summary>Makes tensors without naming the element type twice.</summary>
public static class Tensor
{
    /// <summary>A tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor<T> From<T>(ReadOnlySpan<T> values, params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensor = new Tensor<T>(shape);
        if (values.Length != tensor.Length)
        {
            throw new ArgumentException($"{values.Length} values do not fill shape [{string.Join(", ", shape)}].", nameof(values));
        }

        values.CopyTo(tensor.Data);
        return tensor;
    }
}

/// <summary>
/// A dense tensor: a shape and contiguous row-major storage, plus a gradient buffer when it takes part
/// in training. Tensors made by a <see cref="Graph{T}"/> live until that graph is disposed.
/// </summary>
public sealed class Tensor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _shape;
    private readonly T[] _data;
    private readonly T[]? _grad;

    internal Tensor(int[] shape, T[] data, T[]? grad, string? name = null)
    {
        _shape = shape;
        _data = data;
        _grad = grad;
        Length = ShapeLength(shape);
        Name = name;
        if (data.Length < Length || (grad is not null && grad.Length < Length))
        {
            throw new ArgumentException($"Storage of {data.Length} is too small for shape [{string.Join(", ", shape)}].");
        }
    }

    /// <summary>A tensor over its own new storage (a parameter, or an input that lives outside any graph).</summary>
    public Tensor(int[] shape, bool requiresGrad = false, string? name = null)
        : this((int[])shape.Clone(), new T[ShapeLength(shape)], requiresGrad ? new T[ShapeLength(shape)] : null, name)
    {
    }

    public ReadOnlySpan<int> Shape => _shape;

    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Name of a parameter (as saved in safetensors files), or null.</summary>
    public string? Name { get; }

    public Span<T> Data => _data.AsSpan(0, Length);

    /// <summary>The gradient, accumulated by <see cref="Graph{T}.Backward"/>; empty when the tensor is not trained.</summary>
    public Span<T> Grad => _grad is null ? [] : _grad.AsSpan(0, Length);

    public bool RequiresGrad => _grad is not null;

    public T this[int index]
    {
        get => Data[index];
        set => Data[index] = value;
    }

    internal T[] DataArray => _data;

    internal T[]? GradArray => _grad;

    internal int[] ShapeArray => _shape;

    /// <summary>Size of an axis; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[axis < 0 ? _shape.Length + axis : axis];

    /// <summary>Product of the sizes of all axes but the last: the number of rows of a last-axis op.</summary>
    public int Rows => Length / Math.Max(1, _shape.Length == 0 ? 1 : _shape[^1]);

    /// <summary>A view with another shape over the same storage and gradient.</summary>
    internal Tensor<T> View(int[] shape) => new(shape, _data, _grad);

    public void ZeroGrad() => Grad.Clear();

    public override string ToString() => $"{Name ?? "tensor"}[{string.Join(", ", _shape)}]";

    internal static int ShapeLength(ReadOnlySpan<int> shape)
    {
        long length = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Negative size in shape [{string.Join(", ", shape.ToArray())}].");
            }

            length *= d;
            if (length > Array.MaxLength)
            {
                throw new ArgumentException($"Shape [{string.Join(", ", shape.ToArray())}] is too large.");
            }
        }

        return (int)length;
    }
}
