using System.Numerics;

namespace NeuralDx7.Synth;

/// <summary>
/// What a listener hears first, as numbers: the loudness envelope, the brightness (spectral centroid), and
/// the pitch of a plain tone. Used to check the engine against the instrument and against other emulators.
/// </summary>
public static class AudioAnalysis
{
    /// <summary>RMS level of consecutive frames (10 ms by default) in dB relative to full scale, floored at <paramref name="floorDb"/>.</summary>
    public static double[] RmsDecibels(ReadOnlySpan<float> samples, int sampleRate, double frameSeconds = 0.01, double floorDb = -100)
    {
        int frame = Math.Max(1, (int)Math.Round(frameSeconds * sampleRate));
        var levels = new double[samples.Length / frame];
        for (int f = 0; f < levels.Length; f++)
        {
            double sum = 0;
            foreach (float x in samples.Slice(f * frame, frame))
            {
                sum += (double)x * x;
            }

            double rms = Math.Sqrt(sum / frame);
            levels[f] = Math.Max(floorDb, 20 * Math.Log10(Math.Max(rms, 1e-30)));
        }

        return levels;
    }

    /// <summary>
    /// The magnitude-weighted mean frequency in Hz of the average spectrum (Hann windows of 4096 samples, half
    /// overlapping), counting only bins within <paramref name="rangeDb"/> of the strongest: content 60 dB down is not
    /// what a listener hears, yet a noise floor that low across 20 kHz would move an unbounded centroid by
    /// tens of hertz. 0 for silence.
    /// </summary>
    public static double SpectralCentroid(ReadOnlySpan<float> samples, int sampleRate, double rangeDb = 60)
    {
        const int size = 4096;
        var spectrum = new double[(size / 2) + 1];
        var buffer = new Complex[size];
        int frames = 0;
        for (int start = 0; start + size <= samples.Length; start += size / 2)
        {
            for (int i = 0; i < size; i++)
            {
                double window = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / size));
                buffer[i] = new Complex(samples[start + i] * window, 0);
            }

            Fft(buffer);
            for (int k = 0; k < spectrum.Length; k++)
            {
                spectrum[k] += buffer[k].Magnitude;
            }

            frames++;
        }

        double threshold = spectrum.Max() * Math.Pow(10, -rangeDb / 20);
        double weighted = 0, total = 0;
        for (int k = 1; k < spectrum.Length; k++)
        {
            if (spectrum[k] >= threshold)
            {
                weighted += spectrum[k] * k * sampleRate / size;
                total += spectrum[k];
            }
        }

        return frames == 0 || total < 1e-9 ? 0 : weighted / total;
    }

    /// <summary>
    /// The frequency in Hz of a periodic tone, from its upward zero crossings (interpolated between samples) over
    /// the whole span: very precise for a pure tone, meaningless for noise. NaN with fewer than two crossings.
    /// </summary>
    public static double ZeroCrossingFrequency(ReadOnlySpan<float> samples, int sampleRate)
    {
        double first = double.NaN, last = double.NaN;
        int crossings = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            if (samples[i - 1] < 0 && samples[i] >= 0)
            {
                double at = i - 1 + (samples[i - 1] / (double)(samples[i - 1] - samples[i]));
                if (crossings == 0)
                {
                    first = at;
                }

                last = at;
                crossings++;
            }
        }

        return crossings < 2 ? double.NaN : (crossings - 1) * (double)sampleRate / (last - first);
    }

    /// <summary>In-place radix-2 FFT; the length must be a power of two.</summary>
    internal static void Fft(Complex[] data)
    {
        int n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            var unit = Complex.FromPolarCoordinates(1, -2 * Math.PI / length);
            for (int start = 0; start < n; start += length)
            {
                var w = Complex.One;
                for (int k = 0; k < length / 2; k++)
                {
                    var even = data[start + k];
                    var odd = data[start + k + (length / 2)] * w;
                    data[start + k] = even + odd;
                    data[start + k + (length / 2)] = even - odd;
                    w *= unit;
                }
            }
        }
    }
}
