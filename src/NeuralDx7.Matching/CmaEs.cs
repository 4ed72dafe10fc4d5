using NeuralDx7.Model.Statistics;
using NeuralDx7.Nn;

namespace NeuralDx7.Matching;

/// <summary>CMA-ES (Hansen's tutorial formulation) over a latent: a Gaussian whose mean, step size and covariance follow the best samples.</summary>
internal sealed class CmaEs
{
    private readonly int _n, _lambda, _mu;
    private readonly double[] _weights;
    private readonly double _muEff, _cSigma, _dSigma, _cc, _c1, _cMu, _chiN;
    private readonly double[] _mean, _pSigma, _pC;
    private readonly double[,] _c;
    private double[,] _b;
    private double[] _d;
    private double _sigma;
    private int _generation;
    private double[][] _steps = [];

    public CmaEs(float[] start, double sigma, int lambda)
    {
        _n = start.Length;
        _lambda = lambda;
        _mu = lambda / 2;
        var raw = Enumerable.Range(0, _mu).Select(i => Math.Log(_mu + 0.5) - Math.Log(i + 1)).ToArray();
        _weights = [.. raw.Select(w => w / raw.Sum())];
        _muEff = 1 / _weights.Sum(w => w * w);
        _cSigma = (_muEff + 2) / (_n + _muEff + 5);
        _dSigma = 1 + (2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (_n + 1)) - 1)) + _cSigma;
        _cc = (4 + (_muEff / _n)) / (_n + 4 + (2 * _muEff / _n));
        _c1 = 2 / (((_n + 1.3) * (_n + 1.3)) + _muEff);
        _cMu = Math.Min(1 - _c1, 2 * (_muEff - 2 + (1 / _muEff)) / (((_n + 2) * (_n + 2)) + _muEff));
        _chiN = Math.Sqrt(_n) * (1 - (1.0 / (4 * _n)) + (1.0 / (21.0 * _n * _n)));
        _mean = [.. start.Select(x => (double)x)];
        _pSigma = new double[_n];
        _pC = new double[_n];
        _c = new double[_n, _n];
        _b = new double[_n, _n];
        _d = Enumerable.Repeat(1.0, _n).ToArray();
        for (int i = 0; i < _n; i++)
        {
            _c[i, i] = 1;
            _b[i, i] = 1;
        }

        _sigma = sigma;
    }

    public List<float[]> Ask(SeededRandom random)
    {
        _steps = new double[_lambda][];
        var points = new List<float[]>(_lambda);
        for (int k = 0; k < _lambda; k++)
        {
            var z = Enumerable.Range(0, _n).Select(_ => random.NextNormal()).ToArray();
            var y = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    y[i] += _b[i, j] * _d[j] * z[j];
                }
            }

            _steps[k] = y;
            points.Add([.. Enumerable.Range(0, _n).Select(i => (float)(_mean[i] + (_sigma * y[i])))]);
        }

        return points;
    }

    public void Tell(List<float[]> points, double[] fitness)
    {
        var order = Enumerable.Range(0, points.Count).OrderBy(k => fitness[k]).Take(_mu).ToArray();
        var yw = new double[_n];
        for (int i = 0; i < _mu; i++)
        {
            for (int j = 0; j < _n; j++)
            {
                yw[j] += _weights[i] * _steps[order[i]][j];
            }
        }

        for (int j = 0; j < _n; j++)
        {
            _mean[j] += _sigma * yw[j];
        }

        // C^-1/2 yw = B D^-1 B^T yw
        var bty = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _n; j++)
            {
                bty[i] += _b[j, i] * yw[j];
            }
        }

        var whitened = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _n; j++)
            {
                whitened[i] += _b[i, j] * bty[j] / _d[j];
            }
        }

        double normFactor = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
        for (int i = 0; i < _n; i++)
        {
            _pSigma[i] = ((1 - _cSigma) * _pSigma[i]) + (normFactor * whitened[i]);
        }

        _generation++;
        double pSigmaNorm = Math.Sqrt(_pSigma.Sum(p => p * p));
        bool hSigma = pSigmaNorm / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2 * _generation)) < (1.4 + (2.0 / (_n + 1))) * _chiN;
        double cFactor = Math.Sqrt(_cc * (2 - _cc) * _muEff);
        for (int i = 0; i < _n; i++)
        {
            _pC[i] = ((1 - _cc) * _pC[i]) + (hSigma ? cFactor * yw[i] : 0);
        }

        double deltaH = hSigma ? 0 : _cc * (2 - _cc);
        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _n; j++)
            {
                double rankMu = 0;
                for (int k = 0; k < _mu; k++)
                {
                    rankMu += _weights[k] * _steps[order[k]][i] * _steps[order[k]][j];
                }

                _c[i, j] = ((1 - _c1 - _cMu) * _c[i, j]) + (_c1 * ((_pC[i] * _pC[j]) + (deltaH * _c[i, j]))) + (_cMu * rankMu);
            }
        }

        _sigma *= Math.Exp(_cSigma / _dSigma * ((pSigmaNorm / _chiN) - 1));
        _sigma = Math.Clamp(_sigma, 1e-3, 3);
        var (values, vectors) = SymmetricMatrix.Eigen(_c);
        _b = vectors;
        _d = [.. values.Select(v => Math.Sqrt(Math.Max(v, 1e-12)))];
    }
}
