using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;
using NeuralDx7.Corpus;
using NeuralDx7.Model;
using NeuralDx7.Model.Generation;
using NeuralDx7.Model.Training;
using NeuralDx7.Nn.Kernels;
using NeuralDx7.Voice;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 bench ...</c>: the project's own speed measurements, for BENCHMARKS.md and for anyone's machine.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed on this machine (figures for BENCHMARKS.md).");
        bench.Subcommands.Add(Dataset());
        bench.Subcommands.Add(GemmBench());
        bench.Subcommands.Add(TrainBench());
        bench.Subcommands.Add(CartBench());
        bench.Subcommands.Add(RenderBench());
        bench.Subcommands.Add(MatchBenchCommand.Create());
        bench.Subcommands.Add(PeakBench());
        bench.Subcommands.Add(OrderBenchCommand.Like());
        bench.Subcommands.Add(OrderBenchCommand.Category());
        return bench;
    }

    private static Command GemmBench()
    {
        var m = new Option<int>("--m") { Description = "Rows of A and C.", DefaultValueFactory = _ => 2480 };
        var k = new Option<int>("--k") { Description = "Columns of A, rows of B.", DefaultValueFactory = _ => 64 };
        var n = new Option<int>("--n") { Description = "Columns of B and C.", DefaultValueFactory = _ => 192 };
        var transposeA = new Option<bool>("--transpose-a") { Description = "A is stored transposed (as in a weight gradient, dy^T x)." };
        var transposeB = new Option<bool>("--transpose-b") { Description = "B is stored transposed (as in a Linear layer, x W^T)." };
        var suite = new Option<bool>("--model-shapes") { Description = "Run every product the DX7 model does (widths 64 and 128) instead of one shape." };
        var prepacked = new Option<bool>("--packed-weight") { Description = "With --transpose-b: pack B once, as generation packs each weight once a cart, instead of at every product." };
        var json = CommandAction.JsonOption();
        var command = new Command("gemm", "GFLOP/s of the float32 GEMM kernel on both cores and on one.") { m, k, n, transposeA, transposeB, suite, prepacked, json };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            if (p.GetValue(suite))
            {
                return GemmSuite(context);
            }

            var shape = new GemmShape(p.GetValue(m), p.GetValue(n), p.GetValue(k), p.GetValue(transposeA), p.GetValue(transposeB));
            Check.Range("M", shape.M, 1, 65_536);
            Check.Range("N", shape.N, 1, 65_536);
            Check.Range("K", shape.K, 1, 65_536);
            if ((long)shape.M * shape.K + ((long)shape.K * shape.N) + ((long)shape.M * shape.N) > 256L * 1024 * 1024)
            {
                throw new ArgumentException("--m, --k and --n ask for matrices of more than a gigabyte: a benchmark needs far less.");
            }

            var a = RandomMatrix(shape.M * shape.K, 1);
            var b = RandomMatrix(shape.K * shape.N, 2);
            var c = new float[shape.M * shape.N];
            if (p.GetValue(prepacked) && !(shape.TransposeB && !shape.TransposeA))
            {
                throw new ArgumentException("--packed-weight multiplies by a Linear layer's weight: give --transpose-b, without --transpose-a.");
            }

            var packed = p.GetValue(prepacked) ? Gemm.PackTransposed(b, shape.N, shape.K) : null;
            void Product(bool parallel)
            {
                if (packed is not null)
                {
                    Gemm.Multiply(shape.M, a, packed, c, parallel);
                }
                else
                {
                    Gemm.Multiply<float>(shape, a, b, c, accumulate: false, parallel);
                }
            }

            double both = MeasureGflops(() => Product(true), shape.Flops, context.Cancellation);
            double one = MeasureGflops(() => Product(false), shape.Flops, context.Cancellation);
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, new GemmFigures(null, shape.M, shape.K, shape.N, shape.TransposeA, shape.TransposeB, Gemm.BestKernel.ToString(),
                    Environment.ProcessorCount, Math.Round(both, 1), Math.Round(one, 1)), CliJson.Default.GemmFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"({shape.M} x {shape.K}) x ({shape.K} x {shape.N}), {Gemm.BestKernel}: {both:0.0} GFLOP/s on {Environment.ProcessorCount} cores, {one:0.0} GFLOP/s on one"));
            }

            return 0;
        });
        return command;
    }

    // The model's products at batch 16 (2480 = 16 x 155 rows): forward, input gradient, weight gradient.
    private static readonly (string Role, GemmShape Shape)[] ModelShapes =
    [
        ("QKV / FFN up, F=64", new GemmShape(2480, 192, 64, TransposeB: true)),
        ("FFN down, F=64", new GemmShape(2480, 64, 192, TransposeB: true)),
        ("its input gradient", new GemmShape(2480, 192, 64)),
        ("its weight gradient", new GemmShape(64, 192, 2480, TransposeA: true)),
        ("scores Q K^T, 16 per head", new GemmShape(155, 155, 16, TransposeB: true)),
        ("weights x V, 16 per head", new GemmShape(155, 16, 155)),
        ("QKV / FFN up, F=128", new GemmShape(2480, 384, 128, TransposeB: true)),
        ("FFN down, F=128", new GemmShape(2480, 128, 384, TransposeB: true)),
        ("scores Q K^T, 32 per head", new GemmShape(155, 155, 32, TransposeB: true)),
        ("weights x V, 32 per head", new GemmShape(155, 32, 155)),
    ];

    private static int GemmSuite(CommandContext context)
    {
        var rows = new List<(string Role, GemmShape Shape, double Both, double One)>();
        foreach (var (role, shape) in ModelShapes)
        {
            var a = RandomMatrix(shape.M * shape.K, 1);
            var b = RandomMatrix(shape.K * shape.N, 2);
            var c = new float[shape.M * shape.N];
            double both = MeasureGflops(() => Gemm.Multiply<float>(shape, a, b, c, accumulate: false, parallel: true), shape.Flops, context.Cancellation);
            double one = MeasureGflops(() => Gemm.Multiply<float>(shape, a, b, c, accumulate: false, parallel: false), shape.Flops, context.Cancellation);
            rows.Add((role, shape, both, one));
        }

        if (context.Parse.GetValue<bool>("--json"))
        {
            CliJson.Write(context.Output, [.. rows.Select(r => new GemmFigures(r.Item1, r.Item2.M, r.Item2.K, r.Item2.N, r.Item2.TransposeA, r.Item2.TransposeB,
                null, null, Math.Round(r.Item3, 1), Math.Round(r.Item4, 1)))], CliJson.Default.IReadOnlyListGemmFigures);
            return 0;
        }

        var table = new Table("Product", "M x K x N", "Stored", "GFLOP/s both cores", "GFLOP/s one core");
        foreach (var (role, shape, both, one) in rows)
        {
            table.Add(role, $"{shape.M} x {shape.K} x {shape.N}", (shape.TransposeA ? "A^T " : "") + (shape.TransposeB ? "B^T" : ""),
                both.ToString("0.0", CultureInfo.InvariantCulture), one.ToString("0.0", CultureInfo.InvariantCulture));
        }

        table.WriteTo(context.Output);
        return 0;
    }

    private static Command TrainBench()
    {
        var config = new Option<string>("--config") { Description = $"Model configuration: {string.Join(", ", ModelConfig.Named.Keys)}, or a JSON file (default: the shipped design, as dx7 train).", DefaultValueFactory = _ => "autoregressive" };
        var batch = new Option<int>("--batch") { Description = "Voices per step.", DefaultValueFactory = _ => 16 };
        var steps = new Option<int>("--steps") { Description = "Timed steps (after 20 untimed).", DefaultValueFactory = _ => 20 };
        var json = CommandAction.JsonOption();
        var command = new Command("train", "Training speed in samples per second (random valid voices).") { config, batch, steps, json };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var modelConfig = ModelConfig.Resolve(p.GetRequiredValue(config));
            int batchSize = Check.Range("Batch", p.GetValue(batch), 1, 4096), count = Check.Range("Steps", p.GetValue(steps), 1, 1_000_000);
            var voices = RandomVoices(Math.Max(256, batchSize * 4), seed: 1);
            var trainer = new Trainer(new Dx7Vae(modelConfig, seed: 1), TrainingOptions.For(modelConfig) with { BatchSize = batchSize }, voices, null, seed: 1);
            trainer.Train(20); // past tiered compilation, to the steady state a long run lives in
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                trainer.Train(1);
            }

            double samplesPerSecond = count * batchSize / clock.Elapsed.TotalSeconds;
            // Model FLOPs utilisation: the model's own operations per second over the peak of the cores used, measured now.
            var peak = Application.Benchmarks.PeakBenchmark.Run(context.Cancellation);
            double gflops = samplesPerSecond * modelConfig.TrainingFlopsPerVoice / 1e9;
            double mfu = gflops / peak.GflopsAllCores;
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, new TrainFigures(modelConfig.ToString(), batchSize, count, Math.Round(samplesPerSecond, 1),
                    Math.Round(clock.Elapsed.TotalMilliseconds / count, 2), Math.Round(modelConfig.TrainingFlopsPerVoice), Math.Round(gflops, 1),
                    Math.Round(peak.GflopsAllCores, 1), peak.Cores, Math.Round(mfu, 4)), CliJson.Default.TrainFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{modelConfig}, batch {batchSize}: {samplesPerSecond:0.0} samples/s ({clock.Elapsed.TotalMilliseconds / count:0.0} ms per step), {gflops:0.0} GFLOP/s: {mfu:P1} of the {peak.GflopsAllCores:0} GFLOP/s peak of {peak.Cores} cores"));
            }

            return 0;
        });
        return command;
    }

    private static Command PeakBench()
    {
        var json = CommandAction.JsonOption();
        var command = new Command("peak", "This machine's float32 multiply-add peak, per core and on all cores: the ceiling the other figures are a share of.") { json };
        CommandAction.Set(command, context =>
        {
            var peak = Application.Benchmarks.PeakBenchmark.Run(context.Cancellation);
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, new PeakFigures(Math.Round(peak.GflopsPerCore, 1), Math.Round(peak.GflopsAllCores, 1), peak.Cores, peak.Instructions),
                    CliJson.Default.PeakFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{peak.Instructions}: {peak.GflopsPerCore:0.0} GFLOP/s on one core, {peak.GflopsAllCores:0.0} on all {peak.Cores}"));
            }

            return 0;
        });
        return command;
    }

    private static Command CartBench()
    {
        var model = new Option<string?>("--model") { Description = "Model folder (default: the shipped model, or an untrained small one)." };
        var json = CommandAction.JsonOption();
        var command = new Command("cart", "Time to make a 32-voice cartridge (decode and encode the bulk dump).") { model, json };
        CommandAction.Set(command, context =>
        {
            string? folder = context.Parse.GetValue(model) ?? TrainedModel.FindShipped();
            var vae = folder is null ? new Dx7Vae(ModelConfig.Small, seed: 1) : TrainedModel.Load(folder).Model;
            var generator = new VoiceGenerator(vae);
            ulong seed = 0;
            var first = Stopwatch.StartNew();
            Dx7Writer.BulkDump(Dx7Cartridge.FromVoices(generator.Sample(32, seed++, 0)));
            double firstMs = first.Elapsed.TotalMilliseconds;
            double seconds = MeasureSeconds(() => Dx7Writer.BulkDump(Dx7Cartridge.FromVoices(generator.Sample(32, seed++, 0))), context.Cancellation);
            // What a user waits for: the cart drawn from the model's own prior and screened by ear.
            double? screened = null;
            if (folder is not null)
            {
                var modelFolder = Application.ModelFolder.Open(folder);
                screened = MeasureSeconds(() => Dx7Writer.BulkDump(Dx7Cartridge.FromVoices(Application.Generation.CartGeneration.Generate(
                    modelFolder, new Application.Generation.GenerationRequest(32, seed++)).Voices)), context.Cancellation);
            }
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, new CartFigures(folder ?? "untrained small", Math.Round(seconds * 1000, 2), Math.Round(firstMs, 1),
                    screened is double ms ? Math.Round(ms * 1000, 2) : null), CliJson.Default.CartFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{folder ?? "untrained small model"}: {seconds * 1000:0.0} ms per 32-voice cart (first in process: {firstMs:0} ms){(screened is double ms ? $"; {ms * 1000:0.0} ms drawn from its prior and screened by ear" : "")}"));
            }

            return 0;
        });
        return command;
    }

    private static Command RenderBench()
    {
        var file = new Option<string?>("--voices") { Description = "Render the voices of this file (default: 32 random valid voices, seed 1)." };
        var json = CommandAction.JsonOption();
        var command = new Command("render", "Audition speed of the DX7 engine (seconds of audio per second of one core), and what hearing a voice costs dx7 match.") { file, json };
        CommandAction.Set(command, context =>
        {
            string? path = context.Parse.GetValue(file);
            var voices = path is null ? RandomVoices(32, seed: 1) : [.. Dx7Reader.ReadFile(path).Voices.Select(v => v.Voice)];
            if (voices.Count == 0)
            {
                throw new InvalidDataException($"{path}: holds no DX7 voice data");
            }

            var options = new NeuralDx7.Synth.AuditionOptions(); // middle C, velocity 100, 1 s held and 1 s released, 44.1 kHz
            double audioSeconds = voices.Count * (options.HoldSeconds + options.ReleaseSeconds);
            double seconds = MeasureSeconds(() =>
            {
                foreach (var voice in voices)
                {
                    NeuralDx7.Synth.AuditionRenderer.Render(voice, options);
                }
            }, context.Cancellation, totalSeconds: 3);
            double factor = audioSeconds / seconds;
            var hearing = Application.Benchmarks.HearingBenchmark.Run(voices, context.Cancellation);
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, new RenderFigures(path ?? "32 random valid voices", audioSeconds, Math.Round(factor, 1), Math.Round(seconds * 1000 / voices.Count, 3),
                    Math.Round(hearing.RenderMs, 3), Math.Round(hearing.DistanceMs, 3), Math.Round(hearing.ReferenceDistanceMs, 3), Math.Round(hearing.VoicesPerSecond, 1)),
                    CliJson.Default.RenderFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{path ?? "32 random valid voices"}: {factor:0} x realtime on one core ({seconds * 1000 / voices.Count:0.00} ms per 2-second audition)"));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"dx7 match hears {hearing.VoicesPerSecond:0} voices a second on one core: render {hearing.RenderMs:0.00} ms at 22.05 kHz, distance {hearing.DistanceMs:0.00} ms (plain double FFT: {hearing.ReferenceDistanceMs:0.00} ms)"));
            }

            return 0;
        });
        return command;
    }

    /// <summary>Uniformly random valid voices: training speed does not depend on what the voices are.</summary>
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

    /// <summary>
    /// Runs the work in batches of about 50 ms for about a second and takes the median batch, after a second of
    /// warm-up: long enough for tiered compilation to finish, so the figure is the steady state a long-lived
    /// process (a PowerShell session, the live mode) runs at. A cold process is what 'dx7 cart new' itself shows.
    /// </summary>
    internal static double MeasureGflops(Action work, long flopsPerRun, CancellationToken cancellation) =>
        flopsPerRun / MeasureSeconds(work, cancellation) / 1e9;

    internal static double MeasureSeconds(Action work, CancellationToken cancellation, double totalSeconds = 1.0) =>
        Application.Benchmarks.Measurement.SecondsPerRun(work, totalSeconds, cancellation: cancellation);

    private static Command Dataset()
    {
        var data = new Option<string>("--data") { Description = "A data set file made by 'dx7 import'.", Required = true };
        var runs = new Option<int>("--runs") { Description = "How many loads to time.", DefaultValueFactory = _ => 20 };
        var json = CommandAction.JsonOption();
        var command = new Command("dataset", "Time loading a data set file.") { data, runs, json };
        CommandAction.Set(command, context =>
        {
            string path = context.Parse.GetRequiredValue(data);
            int count = Math.Max(1, context.Parse.GetValue(runs));
            var first = Stopwatch.StartNew();
            var dataset = Dx7Dataset.Load(path); // the first load includes JIT, as a user's first load does
            double firstMs = first.Elapsed.TotalMilliseconds;
            var times = new double[count];
            for (int i = 0; i < count; i++)
            {
                var clock = Stopwatch.StartNew();
                Dx7Dataset.Load(path);
                times[i] = clock.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            double median = times[count / 2];
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, new DatasetFigures(dataset.Voices.Count, Math.Round(firstMs, 2), Math.Round(median, 2)), CliJson.Default.DatasetFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{dataset.Voices.Count} voices: first load {firstMs:0.0} ms, then median {median:0.0} ms over {count} loads"));
            }

            return 0;
        });
        return command;
    }
}
