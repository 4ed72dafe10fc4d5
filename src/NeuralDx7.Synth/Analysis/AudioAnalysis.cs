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
        var fft = RealFft.For(size);
        var spectrum = new double[fft.Bins];
        var frame = new double[size];
        var magnitudes = new double[fft.Bins];
        int frames = 0;
        for (int start = 0; start + size <= samples.Length; start += size / 2)
        {
            fft.WindowedFrame(samples, start, 1, frame);
            fft.Magnitudes(frame, magnitudes);
            for (int k = 0; k < spectrum.Length; k++)
            {
                spectrum[k] += magnitudes[k];
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
}
