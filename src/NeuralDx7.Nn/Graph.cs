using System.Numerics;

namespace NeuralDx7.Nn;

/// <summary>
/// The tape of one forward pass. Each op computes its result and, when any input is trained, records how
/// to send the result's gradient back to its inputs. <see cref="Backward"/> replays those records in
/// reverse, which is a topological order because ops run in dependency order. A graph that does not
/// record (inference) keeps no closures. Disposing the graph returns every buffer to the pool.
/// The ops themselves live in the Ops folder, one file per family, forward and backward side by side.
/// </summary>
public sealed partial class Graph<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TensorPool<T> _pool;
    private readonly List<Action> _backward = [];
    private readonly List<T[]> _rented = [];
    private bool _disposed;

    /// <param name="pool">Where buffers come from and go back to.</param>
    /// <param name="recording">False for inference: no gradients, nothing kept for a backward pass.</param>
    /// <param name="parallel">Whether large kernels may use every core.</param>
    public Graph(TensorPool<T> pool, bool recording = true, bool parallel = true)
    {
        _pool = pool ?? throw new ArgumentNullException(nameof(pool));
        IsRecording = recording;
        Parallel = parallel;
    }

    public bool IsRecording { get; }

    public bool Parallel { get; }

    /// <summary>Linear weights packed ahead for a graph that does not record, shared with other graphs of the same run; or null.</summary>
    public PackedWeights? PackedWeights { get; init; }

    /// <summary>Whether training mode ops (dropout) are active.</summary>
    public bool Training { get; init; }

    /// <summary>A new tensor owned by this graph, zeroed.</summary>
    public Tensor<T> Zeros(params int[] shape) => NewTensor(shape, tracked: false, clear: true);

    /// <summary>A graph-owned constant holding <paramref name="values"/>.</summary>
    public Tensor<T> Constant(ReadOnlySpan<T> values, params int[] shape)
    {
        var tensor = NewTensor(shape, tracked: false, clear: false);
        if (values.Length != tensor.Length)
        {
            throw new ArgumentException($"{values.Length} values do not fill shape [{string.Join(", ", shape)}].", nameof(values));
        }

        values.CopyTo(tensor.Data);
        return tensor;
    }

    /// <summary>
    /// Runs the recorded backward steps from a scalar <paramref name="loss"/>: afterwards every trained
    /// tensor's <see cref="Tensor{T}.Grad"/> holds d loss / d tensor (added to what it held before).
    /// </summary>
    public void Backward(Tensor<T> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!IsRecording || !loss.RequiresGrad)
        {
            throw new InvalidOperationException("Backward needs a recording graph and a loss that depends on trained tensors.");
        }

        if (loss.Length != 1)
        {
            throw new ArgumentException($"The loss must be a scalar, not {loss}.", nameof(loss));
        }

        loss.Grad[0] += T.One;
        for (int i = _backward.Count - 1; i >= 0; i--)
        {
            _backward[i]();
        }

        _backward.Clear();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _backward.Clear();
        foreach (var buffer in _rented)
        {
            _pool.Return(buffer);
        }

        _rented.Clear();
    }

    /// <summary>True when the result of an op on these inputs needs a gradient.</summary>
    private bool Tracks(Tensor<T> a) => IsRecording && a.RequiresGrad;

    private bool Tracks(Tensor<T> a, Tensor<T> b) => IsRecording && (a.RequiresGrad || b.RequiresGrad);

    private bool Tracks(Tensor<T> a, Tensor<T>? b, Tensor<T>? c) =>
        IsRecording && (a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false));

    /// <summary>Records a backward step; called only when the result is tracked.</summary>
    private void OnBackward(Action step) => _backward.Add(step);

    /// <summary>A result tensor: rented storage, and a zeroed gradient when tracked.</summary>
    private Tensor<T> NewTensor(int[] shape, bool tracked, bool clear = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int length = Tensor<T>.ShapeLength(shape);
        var data = _pool.Rent(length, clear);
        _rented.Add(data);
        T[]? grad = null;
        if (tracked)
        {
            grad = _pool.Rent(length, clear: true);
            _rented.Add(grad);
        }

        return new Tensor<T>(shape, data, grad);
    }

    /// <summary>A graph-owned scratch buffer (for values a backward step needs later).</summary>
    private T[] Scratch(int length, bool clear = false)
    {
        var buffer = _pool.Rent(length, clear);
        _rented.Add(buffer);
        return buffer;
    }

    private static T Cast(double value) => T.CreateChecked(value);

    // The float32 fast paths: only called when T is float.
    private static Span<float> AsFloats(Span<T> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values);

    private static ReadOnlySpan<float> AsFloats(ReadOnlySpan<T> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values);
}
