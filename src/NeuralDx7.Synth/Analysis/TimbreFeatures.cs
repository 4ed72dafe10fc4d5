namespace NeuralDx7.Synth;

/// <summary>
/// A dozen numbers that describe how an audition sounds, for comparing sets of voices (the Fréchet distance of
/// issue 15): loudness and its shape in time (attack, sustain, release, movement), and the held sound's spectrum
/// (centroid, spread, flatness, roll-off, and the energy in four bands). Each is on a scale where equal steps
/// sound alike (decibels, logarithms of seconds and hertz), and bounded, so a silent or broken voice gives finite
/// values at the edge of the range rather than infinities.
/// </summary>
public static class TimbreFeatures
{
    private const int FrameSize = 2048;
    private const double FloorDb = -90;
    private const double LowestHz = 20;
    private const double RolloffShare = 0.85;

    // The four bands' upper edges in hertz (the last runs to Nyquist): bass, low mids, presence, air, two octaves each.
    private static readonly double[] BandEdgesHz = [200, 800, 3200];

    public static IReadOnlyList<string> Names { get; } =
    [
        "heldDb", "peakDb", "attackLogSeconds", "sustainDropDb", "releaseLogSeconds", "movementDb",
        "centroidLog2Hz", "spreadLog2Hz", "flatnessLog10", "rolloffLog2Hz",
        "bandBelow200Db", "band200To800Db", "band800To3200Db", "bandAbove3200Db",
    ];

    public static int Count => Names.Count;

    /// <summary>The features of an audition whose first <paramref name="heldSamples"/> samples were rendered with the key down.</summary>
    public static double[] Measure(ReadOnlySpan<float> samples, int sampleRate, int heldSamples)
    {
        heldSamples = Math.Clamp(heldSamples, 0, samples.Length);
        var levels = AudioAnalysis.RmsDecibels(samples, sampleRate, 0.01, FloorDb);
        int heldFrames = Math.Min(levels.Length, heldSamples * 100 / sampleRate);
        var held = levels.AsSpan(0, heldFrames);
        double max = held.Length > 0 ? Max(held) : FloorDb;

        // Time: how fast it rises, how much it falls while held, how long it rings after the key goes up, how it moves.
        int attack = 0;
        while (attack < held.Length && held[attack] < max - 3)
        {
            attack++;
        }

        double endOfHold = held.Length > 0 ? Mean(held[Math.Max(0, held.Length - 10)..]) : FloorDb;
        int release = heldFrames;
        double releaseFloor = Math.Max(endOfHold - 30, FloorDb);
        while (release < levels.Length && levels[release] > releaseFloor)
        {
            release++;
        }

        double movement = 0;
        for (int f = 1; f < held.Length; f++)
        {
            movement += Math.Abs(held[f] - held[f - 1]);
        }

        var features = new double[Count];
        features[0] = Math.Max(AuditionVerdict.Decibels(AuditionVerdict.RootMeanSquare(samples[..heldSamples])), FloorDb);
        features[1] = Math.Max(AuditionVerdict.Decibels(PeakOf(samples)), FloorDb);
        features[2] = Math.Log10(0.005 + (attack * 0.01));
        features[3] = Math.Max(endOfHold - max, FloorDb);
        features[4] = Math.Log10(0.005 + ((release - heldFrames) * 0.01));
        features[5] = held.Length > 1 ? movement / (held.Length - 1) : 0;
        Spectrum(samples[..heldSamples], sampleRate, features.AsSpan(6));
        return features;
    }

    // The held sound's average power spectrum (Hann windows, half overlapping) and what it says.
    private static void Spectrum(ReadOnlySpan<float> held, int sampleRate, Span<double> features)
    {
        var fft = RealFft.For(FrameSize);
        var power = new double[fft.Bins];
        var frame = new double[FrameSize];
        var framePower = new double[fft.Bins];
        for (int start = 0; start + FrameSize <= held.Length; start += FrameSize / 2)
        {
            fft.WindowedFrame(held, start, 1, frame);
            fft.Power(frame, framePower);
            for (int k = 1; k < power.Length; k++)
            {
                power[k] += framePower[k];
            }
        }

        double binHz = (double)sampleRate / FrameSize, total = 0;
        for (int k = 1; k < power.Length; k++)
        {
            total += power[k];
        }

        double nyquist = Math.Log2(sampleRate / 2.0);
        if (!(total > 1e-12))
        {
            // Silence: no spectrum to speak of. The lowest centroid, no spread, the flatness of noise, all bands empty.
            features[0] = Math.Log2(LowestHz);
            features[1] = Math.Log2(LowestHz);
            features[2] = 0;
            features[3] = Math.Log2(LowestHz);
            features[4..8].Fill(FloorDb);
            return;
        }

        double centroid = 0, logSum = 0, bins = power.Length - 1;
        for (int k = 1; k < power.Length; k++)
        {
            centroid += power[k] * k * binHz;
            logSum += Math.Log(power[k] + (total * 1e-12));
        }

        centroid /= total;
        double spread = 0, cumulative = 0, rolloff = 0;
        Span<double> bands = stackalloc double[BandEdgesHz.Length + 1];
        for (int k = 1; k < power.Length; k++)
        {
            double hz = k * binHz;
            spread += power[k] * (hz - centroid) * (hz - centroid);
            cumulative += power[k];
            if (rolloff == 0 && cumulative >= RolloffShare * total)
            {
                rolloff = hz;
            }

            bands[Band(hz)] += power[k];
        }

        double arithmetic = total / bins;
        double geometric = Math.Exp(logSum / bins);
        features[0] = Math.Clamp(Math.Log2(Math.Max(centroid, LowestHz)), Math.Log2(LowestHz), nyquist);
        features[1] = Math.Clamp(Math.Log2(Math.Max(Math.Sqrt(spread / total), LowestHz)), Math.Log2(LowestHz), nyquist);
        features[2] = Math.Clamp(Math.Log10(geometric / arithmetic), -12, 0);
        features[3] = Math.Clamp(Math.Log2(Math.Max(rolloff, LowestHz)), Math.Log2(LowestHz), nyquist);
        for (int b = 0; b < bands.Length; b++)
        {
            features[4 + b] = Math.Max(10 * Math.Log10(Math.Max(bands[b] / total, 1e-12)), FloorDb);
        }
    }

    private static double PeakOf(ReadOnlySpan<float> samples)
    {
        float peak = 0;
        foreach (float x in samples)
        {
            peak = Math.Max(peak, Math.Abs(x));
        }

        return peak;
    }

    private static int Band(double hz)
    {
        int band = 0;
        while (band < BandEdgesHz.Length && hz >= BandEdgesHz[band])
        {
            band++;
        }

        return band;
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? 0 : sum / values.Length;
    }
}
