using NeuralDx7.Synth;

namespace NeuralDx7.Matching;

/// <summary>
/// A sound as the audio encoder reads it: the spectrum in 32 bands (log-spaced, 40 Hz to 10 kHz, in log energy
/// relative to the loudest band) over four moments of the note (the attack, its settling, the sustain, the release),
/// the loudness envelope at 16 points relative to its peak, and the key played. Independent of the recording's level.
/// </summary>
public static class AudioEmbedding
{
    public const int Bands = 32;
    public const int Moments = 4;
    public const int EnvelopePoints = 16;
    public const int Size = (Bands * Moments) + EnvelopePoints + 1;

    private const int FrameSize = 2048;
    private const double LowestHz = 40, HighestHz = 10_000;

    public static float[] Of(ReadOnlySpan<float> samples, int sampleRate, int note, double holdSeconds)
    {
        var features = new float[Size];
        var fft = RealFft.For(FrameSize);
        int bins = (FrameSize / 2) + 1;
        double hold = holdSeconds * sampleRate;
        // The four moments: 0-0.1 s, 0.1-0.3 s, 0.3 s to the key up, and the release.
        (double From, double To)[] moments = [(0, 0.1 * sampleRate), (0.1 * sampleRate, 0.3 * sampleRate), (0.3 * sampleRate, hold), (hold, samples.Length)];
        Span<double> frame = stackalloc double[FrameSize];
        Span<float> magnitudes = stackalloc float[bins];
        Span<double> bandEnergy = stackalloc double[Bands];
        for (int m = 0; m < Moments; m++)
        {
            bandEnergy.Clear();
            int from = (int)moments[m].From, to = Math.Min(samples.Length, (int)Math.Max(moments[m].To, moments[m].From + FrameSize));
            for (int start = from; start < to; start += FrameSize / 2)
            {
                fft.WindowedFrame(samples, start, 1, frame);
                fft.Magnitudes(frame, magnitudes);
                for (int k = 1; k < bins; k++)
                {
                    double hz = (double)k * sampleRate / FrameSize;
                    if (hz >= LowestHz && hz < HighestHz)
                    {
                        int band = (int)(Bands * Math.Log(hz / LowestHz) / Math.Log(HighestHz / LowestHz));
                        bandEnergy[band] += magnitudes[k] * (double)magnitudes[k];
                    }
                }
            }

            double loudest = 0;
            foreach (double e in bandEnergy)
            {
                loudest = Math.Max(loudest, e);
            }

            for (int b = 0; b < Bands; b++)
            {
                features[(m * Bands) + b] = (float)Math.Max(-12, Math.Log10((bandEnergy[b] + 1e-12) / (loudest + 1e-12)));
            }
        }

        var levels = AudioAnalysis.RmsDecibels(samples, sampleRate, 0.01, -90);
        double peak = levels.Length > 0 ? levels.Max() : -90;
        for (int p = 0; p < EnvelopePoints; p++)
        {
            int at = (int)((long)p * levels.Length / EnvelopePoints);
            features[(Bands * Moments) + p] = at < levels.Length ? (float)((levels[at] - peak) / 20) : -4.5f;
        }

        features[Size - 1] = (note - 60) / 24f;
        return features;
    }
}
