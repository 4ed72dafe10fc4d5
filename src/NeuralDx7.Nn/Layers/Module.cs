using System.Numerics;

namespace NeuralDx7.Nn.Layers;

/// <summary>
/// A part of a network that owns parameters and sub-modules, named as PyTorch names them
/// ("encoder.layers.0.qkv.weight"), so weights save and load by name.
/// </summary>
public abstract class Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(string Name, Tensor<T> Tensor)> _parameters = [];
    private readonly List<(string Name, Module<T> Module)> _children = [];

    /// <summary>Every parameter of this module and its children, with its dotted name, in registration order.</summary>
    public IEnumerable<(string Name, Tensor<T> Tensor)> NamedParameters()
    {
        foreach (var p in _parameters)
        {
            yield return p;
        }

        foreach (var (prefix, child) in _children)
        {
            foreach (var (name, tensor) in child.NamedParameters())
            {
                yield return (prefix.Length == 0 ? name : $"{prefix}.{name}", tensor);
            }
        }
    }

    public IEnumerable<Tensor<T>> Parameters() => NamedParameters().Select(p => p.Tensor);

    /// <summary>Number of trained values.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Length);

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    protected Tensor<T> AddParameter(string name, params int[] shape)
    {
        var tensor = new Tensor<T>(shape, requiresGrad: true, name);
        _parameters.Add((name, tensor));
        return tensor;
    }

    /// <summary>Adds a sub-module; one added with an empty name has its parameters named at this module's level.</summary>
    protected TModule AddChild<TModule>(string name, TModule module)
        where TModule : Module<T>
    {
        _children.Add((name, module));
        return module;
    }

    /// <summary>Fills a tensor with U(low, high) draws, in order.</summary>
    protected static void FillUniform(Tensor<T> tensor, SeededRandom random, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        var data = tensor.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = T.CreateChecked(random.NextUniform(low, high));
        }
    }

    /// <summary>Fills a tensor with N(0, std^2) draws, in order.</summary>
    protected static void FillNormal(Tensor<T> tensor, SeededRandom random, double std)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(random);
        var data = tensor.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = T.CreateChecked(random.NextNormal() * std);
        }
    }
}
