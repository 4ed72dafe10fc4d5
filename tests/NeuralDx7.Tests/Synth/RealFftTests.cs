using NeuralDx7.Synth;

namespace NeuralDx7.Tests.Synth;

/// <summary>The one plain FFT every analysis uses, against the DFT's definition, and the batched form against it.</summary>
public sealed class RealFftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(64)]
    [InlineData(1024)]
    public void Magnitudes_and_power_are_those_of_the_discrete_fourier_transform(int size)
    {
        var random = new Random(size);
        var frame = Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5).ToArray();
        var fft = RealFft.For(size);
        var magnitudes = new double[fft.Bins];
        var power = new double[fft.Bins];
        fft.Magnitudes(frame, magnitudes);
        fft.Power(frame, power);
        for (int k = 0; k < fft.Bins; k++)
        {
            double re = 0, im = 0;
            for (int n = 0; n < size; n++)
            {
                re += frame[n] * Math.Cos(-2 * Math.PI * k * n / size);
                im += frame[n] * Math.Sin(-2 * Math.PI * k * n / size);
            }

            double expected = Math.Sqrt((re * re) + (im * im));
            Assert.True(Math.Abs(magnitudes[k] - expected) < 1e-9 * size, $"size {size}, bin {k}: {magnitudes[k]} against {expected}");
            Assert.True(Math.Abs(power[k] - (expected * expected)) < 1e-9 * size * size, $"size {size}, bin {k}: power {power[k]}");
        }
    }

    [Fact]
    public void A_windowed_frame_is_the_periodic_hann_window_with_zeros_past_the_end()
    {
        var fft = RealFft.For(8);
        var samples = new float[] { 1, 1, 1, 1, 1 };
        var frame = new double[8];
        fft.WindowedFrame(samples, 2, 2, frame);
        for (int i = 0; i < 8; i++)
        {
            double hann = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / 8));
            Assert.Equal(i < 3 ? 2 * hann : 0, frame[i], 12);
        }
    }

    [Theory]
    [InlineData(256)]
    [InlineData(2048)]
    public void The_batched_log_spectrogram_agrees_with_the_plain_transform_frame_by_frame(int size)
    {
        var random = new Random(7);
        var signal = Enumerable.Range(0, 3 * size).Select(i => (float)(Math.Sin(i * 0.05) + (0.1 * (random.NextDouble() - 0.5)))).ToArray();
        var batched = FrameBatchFft.For(size);
        var spectrogram = new float[batched.Count(signal.Length)];
        batched.LogSpectrogram(signal, 1, 1e-4f, spectrogram);
        var frameMajor = batched.FrameMajor(spectrogram, signal.Length);
        var fft = RealFft.For(size);
        var frame = new double[size];
        var magnitudes = new double[fft.Bins];
        int frames = batched.Frames(signal.Length);
        Assert.Equal(frames * fft.Bins, frameMajor.Length);
        for (int f = 0; f < frames; f++)
        {
            fft.WindowedFrame(signal, f * size / 4, 1, frame);
            fft.Magnitudes(frame, magnitudes);
            for (int k = 0; k < fft.Bins; k++)
            {
                double expected = Math.Log(magnitudes[k] + 1e-4);
                Assert.True(Math.Abs(frameMajor[(f * fft.Bins) + k] - expected) < 5e-3, $"frame {f}, bin {k}: {frameMajor[(f * fft.Bins) + k]} against {expected}");
            }
        }
    }
}
