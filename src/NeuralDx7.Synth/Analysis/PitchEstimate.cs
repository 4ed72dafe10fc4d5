namespace NeuralDx7.Synth;

/// <summary>
/// The fundamental frequency of a recorded note, by YIN (de Cheveigné and Kawahara, 2002): the cumulative-mean
/// normalised difference function of a frame, its first dip under a threshold, refined by a parabola. Frames over the
/// loud part of the note each give an estimate; the median of the periodic ones is the note's pitch.
/// </summary>
public static class PitchEstimate
{
    private const double Threshold = 0.15;
    private const double LowestHz = 27.5;   // A0, the piano's lowest note
    private const double HighestHz = 4200;  // past C8

    /// <summary>The pitch in Hz, or NaN when no frame is periodic enough to have one (noise, silence).</summary>
    public static double Hertz(ReadOnlySpan<float> samples, int sampleRate)
    {
        int maxLag = Math.Min(sampleRate / (int)LowestHz, samples.Length / 3), minLag = Math.Max(2, sampleRate / (int)HighestHz);
        if (maxLag <= minLag)
        {
            return double.NaN;
        }

        int frame = 2 * maxLag, hop = Math.Max(frame / 2, 1);
        var estimates = new List<double>();
        var levels = new List<double>();
        for (int start = 0; start + frame + maxLag <= samples.Length; start += hop)
        {
            levels.Add(AuditionVerdict.RootMeanSquare(samples.Slice(start, frame)));
        }

        double loudest = levels.Count > 0 ? levels.Max() : 0;
        var difference = new double[maxLag + 1];
        for (int index = 0, start = 0; start + frame + maxLag <= samples.Length; index++, start += hop)
        {
            if (levels[index] < loudest * 0.1)
            {
                continue; // quieter than -20 dB under the loudest frame: the attack's edge or the release's tail
            }

            var window = samples.Slice(start, frame + maxLag);
            double running = 0;
            difference[0] = 1;
            int chosen = -1;
            for (int lag = 1; lag <= maxLag; lag++)
            {
                double d = 0;
                for (int i = 0; i < frame; i++)
                {
                    double delta = window[i] - window[i + lag];
                    d += delta * delta;
                }

                running += d;
                difference[lag] = running > 0 ? d * lag / running : 1;
                if (chosen < 0 && lag >= minLag && difference[lag] < Threshold)
                {
                    chosen = lag;
                }
                else if (chosen > 0 && lag == chosen + 1 && difference[lag] < difference[chosen])
                {
                    chosen = lag; // follow the dip down to its bottom
                }
                else if (chosen > 0 && lag > chosen + 1)
                {
                    break;
                }
            }

            if (chosen > minLag && chosen < maxLag)
            {
                double a = difference[chosen - 1], b = difference[chosen], c = difference[chosen + 1];
                double shift = (a - c) / (2 * (a - (2 * b) + c));
                estimates.Add(sampleRate / (chosen + (double.IsFinite(shift) ? Math.Clamp(shift, -1, 1) : 0)));
            }
        }

        if (estimates.Count == 0)
        {
            return double.NaN;
        }

        estimates.Sort();
        return estimates[estimates.Count / 2];
    }

    /// <summary>The nearest MIDI key to a frequency (69 is A4, 440 Hz).</summary>
    public static int MidiNote(double hertz) => (int)Math.Round(69 + (12 * Math.Log2(hertz / 440.0)));
}
