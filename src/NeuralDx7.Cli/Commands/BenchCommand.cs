using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Benchmarks;
using NeuralDx7.Cli.Output;
using NeuralDx7.Model;
using NeuralDx7.Nn.Kernels;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 bench ...</c>: the project's own speed measurements, for BENCHMARKS.md and for anyone's machine.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed on this machine, and how well matching and carts to order do what they say (figures for BENCHMARKS.md).");
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
        var suite = new Option<bool>("--model-shapes") { Description = "Run every product the DX7 model does (widths 64 and 128, and a sampling step's) instead of one shape." };
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

            var f = SpeedBenchmarks.Gemm(new GemmShape(p.GetValue(m), p.GetValue(n), p.GetValue(k), p.GetValue(transposeA), p.GetValue(transposeB)),
                p.GetValue(prepacked), cancellation: context.Cancellation);
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, f, CliJson.Default.GemmFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"({f.M} x {f.K}) x ({f.K} x {f.N}), {f.Kernel}: {f.Gflops:0.0} GFLOP/s on {f.Cores} cores, {f.GflopsOneCore:0.0} GFLOP/s on one"));
            }

            return 0;
        });
        return command;
    }

    private static int GemmSuite(CommandContext context)
    {
        var line = new ProgressLine(context.Error);
        var rows = SpeedBenchmarks.GemmModelShapes(new ImmediateProgress<(int Done, int Total)>(x => line.Report($"gemm: {x.Done}/{x.Total} products")), context.Cancellation);
        line.Done();
        if (context.Parse.GetValue<bool>("--json"))
        {
            CliJson.Write(context.Output, rows, CliJson.Default.IReadOnlyListGemmFigures);
            return 0;
        }

        var table = new Table("Product", "M x K x N", "Stored", "GFLOP/s both cores", "GFLOP/s one core");
        foreach (var f in rows)
        {
            table.Add(f.Role ?? "", $"{f.M} x {f.K} x {f.N}", (f.TransposeA ? "A^T " : "") + (f.TransposeB ? "B^T" : ""),
                f.Gflops.ToString("0.0", CultureInfo.InvariantCulture), f.GflopsOneCore.ToString("0.0", CultureInfo.InvariantCulture));
        }

        table.WriteTo(context.Output);
        return 0;
    }

    private static Command TrainBench()
    {
        var config = new Option<string>("--config") { Description = $"Model configuration: {string.Join(", ", ModelConfig.Named.Keys)}, or a JSON file (default: the shipped design, as dx7 train).", DefaultValueFactory = _ => "autoregressive" };
        var batch = new Option<int>("--batch-size", "--batch") { Description = "Voices per step.", DefaultValueFactory = _ => 16 };
        var steps = new Option<int>("--steps") { Description = "Timed steps (after 20 untimed).", DefaultValueFactory = _ => 20 };
        var json = CommandAction.JsonOption();
        var command = new Command("train", "Training speed in samples per second (random valid voices).") { config, batch, steps, json };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var f = SpeedBenchmarks.Train(p.GetRequiredValue(config), p.GetValue(batch), p.GetValue(steps), context.Cancellation);
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, f, CliJson.Default.TrainFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{f.Config}, batch {f.Batch}: {f.SamplesPerSecond:0.0} samples/s ({f.MsPerStep:0.0} ms per step), {f.Gflops:0.0} GFLOP/s: {f.Mfu:P1} of the {f.PeakGflops:0} GFLOP/s peak of {f.Cores} cores"));
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
            var peak = SpeedBenchmarks.Peak(context.Cancellation);
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, peak, CliJson.Default.PeakResult);
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
            var f = SpeedBenchmarks.Cart(context.Parse.GetValue(model), context.Cancellation);
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, f, CliJson.Default.CartFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{f.Model}: {f.MsPerCart:0.0} ms per 32-voice cart (first in process: {f.FirstCartMs:0} ms){(f.MsPerScreenedCart is double ms ? $"; {ms:0.0} ms drawn from its prior and screened by ear" : "")}"));
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
            var f = SpeedBenchmarks.Render(context.Parse.GetValue(file), context.Cancellation);
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, f, CliJson.Default.RenderFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{f.Voices}: {f.RealtimeFactor:0} x realtime on one core ({f.MsPerVoice:0.00} ms per 2-second audition)"));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"dx7 match hears {f.MatchVoicesPerSecond:0} voices a second on one core: render {f.MatchRenderMs:0.00} ms at 22.05 kHz, distance {f.MatchDistanceMs:0.00} ms (plain double FFT: {f.MatchReferenceDistanceMs:0.00} ms)"));
            }

            return 0;
        });
        return command;
    }

    private static Command Dataset()
    {
        var data = new Option<string>("--data") { Description = "A data set file made by 'dx7 import'.", Required = true };
        var runs = new Option<int>("--runs") { Description = "How many loads to time.", DefaultValueFactory = _ => 20 };
        var json = CommandAction.JsonOption();
        var command = new Command("dataset", "Time loading a data set file.") { data, runs, json };
        CommandAction.Set(command, context =>
        {
            int count = context.Parse.GetValue(runs);
            var f = SpeedBenchmarks.Dataset(context.Parse.GetRequiredValue(data), count, context.Cancellation);
            if (context.Parse.GetValue(json))
            {
                CliJson.Write(context.Output, f, CliJson.Default.DatasetFigures);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{f.Voices} voices: first load {f.FirstLoadMs:0.0} ms, then median {f.MedianLoadMs:0.0} ms over {count} loads"));
            }

            return 0;
        });
        return command;
    }
}
