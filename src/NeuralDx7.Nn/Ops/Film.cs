using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Nn;

// FiLM straight from its raw parameters: one pass instead of two slices, a sigmoid, a tanh and a multiply-add.
public sealed partial class Graph<T>
{
    /// <summary>
    /// y = sigmoid(a) x + tanh(b), row by row: <paramref name="film"/> has x's rows, each holding a then b (2F values
    /// for the F of a row of <paramref name="x"/>). Gamma = sigmoid(a) scales, beta = tanh(b) shifts.
    /// </summary>
    public Tensor<T> Film(Tensor<T> x, Tensor<T> film)
    {
        int f = x.Dim(-1), rows = x.Rows;
        if (film.Rows != rows || film.Dim(-1) != 2 * f)
        {
            throw new ArgumentException($"FiLM of {x} needs parameters with its {rows} rows of {2 * f}, not {film}.", nameof(film));
        }

        var y = NewTensor(x.ShapeArray, Tracks(x, film));
        var kept = y.RequiresGrad ? Scratch(rows * 2 * f) : null; // gamma and beta, in film's layout
        if (typeof(T) == typeof(float) && SigmoidTanh.Fits(f))
        {
            SigmoidTanh.Film(AsFloats(x.Data), AsFloats(film.Data), AsFloats(y.Data), kept is null ? [] : AsFloats(kept.AsSpan(0, rows * 2 * f)), f);
        }
        else
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < f; c++)
                {
                    T a = film.Data[(r * 2 * f) + c], b = film.Data[(r * 2 * f) + f + c];
                    T gamma = T.One / (T.One + T.Exp(-a)), beta = T.Tanh(b);
                    y.Data[(r * f) + c] = (gamma * x.Data[(r * f) + c]) + beta;
                    if (kept is not null)
                    {
                        kept[(r * 2 * f) + c] = gamma;
                        kept[(r * 2 * f) + f + c] = beta;
                    }
                }
            }
        }

        if (y.RequiresGrad)
        {
            OnBackward(() =>
            {
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < f; c++)
                    {
                        int at = (r * f) + c, gammaAt = (r * 2 * f) + c, betaAt = gammaAt + f;
                        T dy = y.Grad[at], gamma = kept![gammaAt], beta = kept[betaAt];
                        if (x.RequiresGrad)
                        {
                            x.Grad[at] += dy * gamma; // dx = dy gamma
                        }

                        if (film.RequiresGrad)
                        {
                            film.Grad[gammaAt] += dy * x.Data[at] * gamma * (T.One - gamma); // da = dy x gamma (1 - gamma)
                            film.Grad[betaAt] += dy * (T.One - (beta * beta)); // db = dy (1 - beta^2)
                        }
                    }
                }
            });
        }

        return y;
    }
}
