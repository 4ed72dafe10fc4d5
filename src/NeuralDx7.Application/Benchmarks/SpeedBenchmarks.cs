using System.Diagnostics;
using NeuralDx7.Codec;
using NeuralDx7.Corpus;
using NeuralDx7.Model;
using NeuralDx7.Model.Generation;
using NeuralDx7.Model.Training;
using NeuralDx7.Nn.Kernels;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Benchmarks;

/// <summary>One float32 product: GFLOP/s on every core and on one (Role names it among the model's products).</summary>
public sealed record GemmFigures(string? Role, int M, int K, int N, bool TransposeA, bool TransposeB, string? Kernel, int? Cores, double Gflops, double GflopsOneCore);

/// <summary>Training speed, and the model's FLOPs per second as a share of this machine's peak measured in the same run (MFU).</summary>
public sealed record TrainFigures(string Config, int Batch, int Steps, double SamplesPerSecond, double MsPerStep, double FlopsPerSample, double Gflops,
    double PeakGflops, int Cores, double Mfu);

/// <summary>Time to make a 32-voice cart: drawn and written, and (with a trained model) drawn from its prior and screened by ear.</summary>
public sealed record CartFigures(string Model, double MsPerCart, double FirstCartMs, double? MsPerScreenedCart);

/// <summary>The DX7 engine's speed, and what hearing one voice costs dx7 match.</summary>
public sealed record RenderFigures(string Voices, double AudioSeconds, double RealtimeFactor, double MsPerVoice, double MatchRenderMs, double MatchDistanceMs,
    double MatchReferenceDistanceMs, double MatchVoicesPerSecond);

/// <summary>Time to load a data set file: the first load (with JIT) and the median of the rest.</summary>
public sealed record DatasetFigures(int Voices, double FirstLoadMs, double MedianLoadMs);

/// <summary>
/// The speed measurements a user runs on their own machine (dx7 bench, Measure-Dx7Performance): each warms up past
/// tiered compilation and takes a median, so the figure is the steady state a long-lived session runs at.
/// </summary>
public static class SpeedBenchmarks
{
    /// <summary>
    /// The model's products at batch 16 (2480 = 16 x 155 rows): forward, input gradient, weight gradient; and a sampling
    /// step's, eight voices' rows by a weight packed once a cart.
    /// </summary>
    public static IReadOnlyList<(string Role, GemmShape Shape, bool PackedWeight)> ModelShapes { get; } =
    [
        ("QKV / FFN up, F=64", new GemmShape(2480, 192, 64, TransposeB: true), false),
        ("FFN down, F=64", new GemmShape(2480, 64, 192, TransposeB: true), false),
        ("its input gradient", new GemmShape(2480, 192, 64), false),
        ("its weight gradient", new GemmShape(64, 192, 2480, TransposeA: true), false),
        ("scores Q K^T, 16 per head", new GemmShape(155, 155, 16, TransposeB: true), false),
        ("weights x V, 16 per head", new GemmShape(155, 16, 155), false),
        ("QKV / FFN up, F=128", new GemmShape(2480, 384, 128, TransposeB: true), false),
        ("FFN down, F=128", new GemmShape(2480, 128, 384, TransposeB: true), false),
        ("scores Q K^T, 32 per head", new GemmShape(155, 155, 32, TransposeB: true), false),
        ("weights x V, 32 per head", new GemmShape(155, 32, 155), false),
        ("a sampling step's QKV / FFN up", new GemmShape(8, 384, 128, TransposeB: true), true),
        ("a sampling step's FFN down", new GemmShape(8, 128, 384, TransposeB: true), true),
    ];

    /// <summary>One product's GFLOP/s on both cores and on one; <paramref name="packedWeight"/> packs B once, as generation packs each weight once a cart.</summary>
    public static GemmFigures Gemm(GemmShape shape, bool packedWeight = false, string? role = null, CancellationToken cancellation = default)
    {
        Check.Range("M", shape.M, 1, 65_536);
        Check.Range("N", shape.N, 1, 65_536);
        Check.Range("K", shape.K, 1, 65_536);
        if ((long)shape.M * shape.K + ((long)shape.K * shape.N) + ((long)shape.M * shape.N) > 256L * 1024 * 1024)
        {
            throw new InvalidRequestException("M", "with the other two sizes asks for matrices of more than a gigabyte: a benchmark needs far less.");
        }

        if (packedWeight && !(shape.TransposeB && !shape.TransposeA))
        {
            throw new InvalidRequestException("PackedWeight", "multiplies by a Linear layer's weight, so B must be stored transposed and A not.");
        }

        var a = RandomMatrix(shape.M * shape.K, 1);
        var b = RandomMatrix(shape.K * shape.N, 2);
        var c = new float[shape.M * shape.N];
        var packed = packedWeight ? Nn.Kernels.Gemm.PackTransposed(b, shape.N, shape.K) : null;
        void Product(bool parallel)
        {
            if (packed is not null)
            {
                Nn.Kernels.Gemm.Multiply(shape.M, a, packed, c, parallel);
            }
            else
            {
                Nn.Kernels.Gemm.Multiply<float>(shape, a, b, c, accumulate: false, parallel);
            }
        }

        double both = shape.Flops / Measurement.SecondsPerRun(() => Product(true), cancellation: cancellation) / 1e9;
        double one = shape.Flops / Measurement.SecondsPerRun(() => Product(false), cancellation: cancellation) / 1e9;
        return new GemmFigures(role, shape.M, shape.K, shape.N, shape.TransposeA, shape.TransposeB, role is null ? Nn.Kernels.Gemm.BestKernel.ToString() : null,
            role is null ? Environment.ProcessorCount : null, Math.Round(both, 1), Math.Round(one, 1));
    }

    /// <summary>Every product the DX7 model does (<see cref="ModelShapes"/>).</summary>
    public static IReadOnlyList<GemmFigures> GemmModelShapes(IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        var rows = new List<GemmFigures>();
        foreach (var (role, shape, packedWeight) in ModelShapes)
        {
            progress?.Report((rows.Count, ModelShapes.Count));
            rows.Add(Gemm(shape, packedWeight, role, cancellation));
        }

        progress?.Report((rows.Count, ModelShapes.Count));
        return rows;
    }

    /// <summary>Training steps a second on random valid voices (what they are does not change the speed), and the MFU.</summary>
    public static TrainFigures Train(string config = "autoregressive", int batch = 16, int steps = 20, CancellationToken cancellation = default)
    {
        var sizes = ModelConfig.Resolve(config);
        int batchSize = Check.Range("BatchSize", batch, 1, 4096), count = Check.Range("Steps", steps, 1, 1_000_000);
        var trainer = new Trainer(new Dx7Vae(sizes, seed: 1), TrainingOptions.For(sizes) with { BatchSize = batchSize }, RandomVoices(Math.Max(256, batchSize * 4), seed: 1), null, seed: 1);
        trainer.Train(20); // past tiered compilation, to the steady state a long run lives in
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            trainer.Train(1);
        }

        double samplesPerSecond = count * batchSize / clock.Elapsed.TotalSeconds;
        var peak = PeakBenchmark.Run(cancellation);
        double gflops = samplesPerSecond * sizes.TrainingFlopsPerVoice / 1e9;
        return new TrainFigures(sizes.ToString(), batchSize, count, Math.Round(samplesPerSecond, 1), Math.Round(clock.Elapsed.TotalMilliseconds / count, 2),
            Math.Round(sizes.TrainingFlopsPerVoice), Math.Round(gflops, 1), Math.Round(peak.GflopsAllCores, 1), peak.Cores, Math.Round(gflops / peak.GflopsAllCores, 4));
    }

    /// <summary>This machine's multiply-add peak, rounded as the other figures are.</summary>
    public static PeakResult Peak(CancellationToken cancellation = default)
    {
        var peak = PeakBenchmark.Run(cancellation);
        return peak with { GflopsPerCore = Math.Round(peak.GflopsPerCore, 1), GflopsAllCores = Math.Round(peak.GflopsAllCores, 1) };
    }

    /// <summary>A 32-voice cart from <paramref name="modelFolder"/> (default the shipped model; without one, an untrained small model).</summary>
    public static CartFigures Cart(string? modelFolder = null, CancellationToken cancellation = default)
    {
        string? folder = modelFolder ?? TrainedModel.FindShipped();
        var generator = new VoiceGenerator(folder is null ? new Dx7Vae(ModelConfig.Small, seed: 1) : TrainedModel.Load(folder).Model);
        ulong seed = 0;
        var first = Stopwatch.StartNew();
        Dx7Writer.BulkDump(Dx7Cartridge.FromVoices(generator.Sample(32, seed++, 0)));
        double firstMs = first.Elapsed.TotalMilliseconds;
        double seconds = Measurement.SecondsPerRun(() => Dx7Writer.BulkDump(Dx7Cartridge.FromVoices(generator.Sample(32, seed++, 0))), cancellation: cancellation);
        double? screened = null;
        if (folder is not null)
        {
            // What a user waits for: the cart drawn from the model's own prior and screened by ear.
            var opened = ModelFolder.Open(folder);
            screened = Measurement.SecondsPerRun(() => Dx7Writer.BulkDump(Dx7Cartridge.FromVoices(
                Generation.CartGeneration.Generate(opened, new Generation.GenerationRequest(32, seed++)).Voices)), cancellation: cancellation);
        }

        return new CartFigures(folder ?? "untrained small", Math.Round(seconds * 1000, 2), Math.Round(firstMs, 1), screened is double s ? Math.Round(s * 1000, 2) : null);
    }

    /// <summary>The engine's realtime factor on one core over the voices of <paramref name="voicesFile"/> (default 32 random valid voices), and dx7 match's cost of hearing one.</summary>
    public static RenderFigures Render(string? voicesFile = null, CancellationToken cancellation = default)
    {
        var voices = voicesFile is null ? RandomVoices(32, seed: 1) : [.. Dx7Reader.ReadFile(voicesFile).Voices.Select(v => v.Voice)];
        if (voices.Count == 0)
        {
            throw new InvalidDataException($"{voicesFile}: holds no DX7 voice data");
        }

        var options = new Synth.AuditionOptions(); // middle C, velocity 100, 1 s held and 1 s released, 44.1 kHz
        double audioSeconds = voices.Count * (options.HoldSeconds + options.ReleaseSeconds);
        double seconds = Measurement.SecondsPerRun(() =>
        {
            foreach (var voice in voices)
            {
                Synth.AuditionRenderer.Render(voice, options);
            }
        }, seconds: 3, cancellation: cancellation);
        var hearing = HearingBenchmark.Run(voices, cancellation);
        return new RenderFigures(voicesFile ?? "32 random valid voices", audioSeconds, Math.Round(audioSeconds / seconds, 1), Math.Round(seconds * 1000 / voices.Count, 3),
            Math.Round(hearing.RenderMs, 3), Math.Round(hearing.DistanceMs, 3), Math.Round(hearing.ReferenceDistanceMs, 3), Math.Round(hearing.VoicesPerSecond, 1));
    }

    /// <summary>Loads of a data set file made by dx7 import: the first (with JIT, as a user's first) and the median of <paramref name="runs"/> more.</summary>
    public static DatasetFigures Dataset(string path, int runs = 20, CancellationToken cancellation = default)
    {
        int count = Check.Range("Runs", runs, 1, 10_000);
        var first = Stopwatch.StartNew();
        var dataset = Dx7Dataset.Load(path);
        double firstMs = first.Elapsed.TotalMilliseconds;
        var times = new double[count];
        for (int i = 0; i < count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            Dx7Dataset.Load(path);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return new DatasetFigures(dataset.Voices.Count, Math.Round(firstMs, 2), Math.Round(times[count / 2], 2));
    }

    /// <summary>Uniformly random valid voices.</summary>
    private static List<Dx7Voice> RandomVoices(int count, int seed)
    {
        var random = new Random(seed);
        var values = new byte[Dx7Parameters.Count];
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            foreach (var parameter in Dx7Parameters.All)
            {
                values[parameter.Index] = (byte)random.Next(parameter.Min, parameter.Max + 1);
            }

            return Dx7Voice.FromParameters(values);
        })];
    }

    private static float[] RandomMatrix(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
