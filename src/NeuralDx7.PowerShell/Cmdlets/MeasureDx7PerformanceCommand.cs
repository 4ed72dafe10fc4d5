using System.Management.Automation;
using NeuralDx7.Application.Benchmarks;
using NeuralDx7.Model;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>The speed benchmarks of dx7 bench on this machine: training, carts, the DX7 engine, the GEMM kernel and the machine's peak.</summary>
/// <remarks>
/// Each warms up past tiered compilation and reports the median of timed batches, so the figures are the steady state a
/// long-lived session runs at. Absolute speeds differ between machines and with what else runs: compare figures from
/// one run, as ratios. Train: voices a second and the model's share of this machine's multiply-add peak (MFU). Cart: a
/// 32-voice cart, drawn and screened by ear. Render: the engine against realtime, and what dx7 match pays to hear a
/// voice. Gemm: every product the model does. Peak: the ceiling the others are a share of. Dataset: loading a data set
/// file (give -Path).
/// </remarks>
/// <example>
/// <code>Measure-Dx7Performance Train, Cart, Render</code>
/// <para>How fast this machine trains the shipped design, makes a cart and renders voices.</para>
/// </example>
/// <example>
/// <code>Measure-Dx7Performance Train -Config small -BatchSize 32</code>
/// <para>Training speed of the original architecture at its small size with twice the batch.</para>
/// </example>
/// <example>
/// <code>Measure-Dx7Performance Gemm | Format-Table Role, M, K, N, Gflops, GflopsOneCore</code>
/// <para>GFLOP/s of each product the model does, on both cores and on one.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "Dx7Performance")]
[OutputType(typeof(TrainFigures), typeof(CartFigures), typeof(RenderFigures), typeof(GemmFigures), typeof(PeakResult), typeof(DatasetFigures))]
public sealed class MeasureDx7PerformanceCommand : Dx7ModelCmdlet
{
    /// <summary>What to measure: Train, Cart, Render, Gemm, Peak or Dataset (several in one call run in that order).</summary>
    [Parameter(Position = 0)]
    public Dx7Benchmark[] Benchmark { get; set; } = [Dx7Benchmark.Train, Dx7Benchmark.Cart, Dx7Benchmark.Render];

    /// <summary>Train: the model configuration (autoregressive, small, original, or a JSON file of sizes).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ConfigurationCompleter))]
    public string Config { get; set; } = "autoregressive";

    /// <summary>Train: voices per step (default 16).</summary>
    [Parameter]
    public int BatchSize { get; set; } = 16;

    /// <summary>Train: timed steps, after 20 untimed (default 20).</summary>
    [Parameter]
    public int Steps { get; set; } = 20;

    /// <summary>Render: the voices of this file instead of 32 random valid voices. Dataset: the data set file to load.</summary>
    [Parameter]
    public string? Path { get; set; }

    protected override void EndProcessing()
    {
        string? path = Path is null ? null : ProviderPath(Path);
        string config = ModelConfig.Named.ContainsKey(Config) ? Config : ProviderPath(Config);
        string? model = Model is null ? null : OpenModel().Path;
        foreach (var benchmark in Benchmark.Distinct().Order())
        {
            var progress = Progress($"Measuring {benchmark}");
            progress.Report((0, 1));
            object figures = Call(() => RunOnWorker<object>(token => benchmark switch
            {
                Dx7Benchmark.Train => SpeedBenchmarks.Train(config, BatchSize, Steps, token),
                Dx7Benchmark.Cart => SpeedBenchmarks.Cart(model, token),
                Dx7Benchmark.Render => SpeedBenchmarks.Render(path, token),
                Dx7Benchmark.Gemm => SpeedBenchmarks.GemmModelShapes(progress, token),
                Dx7Benchmark.Peak => SpeedBenchmarks.Peak(token),
                _ => SpeedBenchmarks.Dataset(path ?? throw new InvalidRequestException(nameof(Path), "must name the data set file the Dataset benchmark loads."), cancellation: token),
            }), benchmark);
            progress.Report((1, 1));
            WriteObject(figures, enumerateCollection: true);
        }
    }
}

/// <summary>The speed benchmarks Measure-Dx7Performance runs, in the order it runs them.</summary>
public enum Dx7Benchmark
{
    Train,
    Cart,
    Render,
    Gemm,
    Peak,
    Dataset,
}
