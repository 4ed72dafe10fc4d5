using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace NeuralDx7.Tests.Cli;

/// <summary>
/// A machine with AVX-512 runs the sixteen-lane kernels and a Zen 3 the eight-lane ones. On a machine with AVX-512 both
/// run here end to end, in two dx7 processes, one with AVX-512 switched off, and must compute the same model.
/// </summary>
public sealed class VectorWidthTests
{
    // .NET 9 and later read DOTNET_EnableAVX512 (.NET 8 read DOTNET_EnableAVX512F, which .NET 10 ignores): set both.
    private static readonly Dictionary<string, string?> EightLanes = new() { ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0" };

    [AvxFact]
    public void A_process_without_AVX512_runs_the_eight_lane_kernels()
    {
        Assert.Equal("Avx512", Kernel(null));
        Assert.Equal("Avx2", Kernel(EightLanes));
    }

    [AvxFact]
    public void Eight_lanes_draw_the_same_cart_and_score_the_same_voices_as_sixteen()
    {
        // The most likely voices: each step's arg max over a key/value cache, after the flows and the fitted prior.
        using var temp = new TempFolder();
        string[] cart = ["cart", "new", "--seed", "3", "--temperature", "0", "--no-screen"];
        Assert.Equal(0, Dx7Process.Run([.. cart, "--out", temp.File("sixteen.syx")]).ExitCode);
        var eight = Dx7Process.Run([.. cart, "--out", temp.File("eight.syx")], TimeSpan.FromMinutes(3), environment: EightLanes);
        Assert.True(eight.ExitCode == 0, Dx7Process.Describe(eight));
        Assert.Equal(File.ReadAllBytes(temp.File("sixteen.syx")), File.ReadAllBytes(temp.File("eight.syx")));

        // Teacher forcing through the encoder's attention, the flows and every layer norm, on voices it never saw.
        string[] eval = ["eval", "--data", SharedData.Corpus, "--split", "validation", "--samples", "1", "--json"];
        var sixteenScores = Scores(Dx7Process.Run(eval));
        var eightScores = Scores(Dx7Process.Run(eval, TimeSpan.FromMinutes(3), environment: EightLanes));
        Assert.Equal(sixteenScores.GetProperty("voices").GetInt32(), eightScores.GetProperty("voices").GetInt32());
        foreach (string figure in new[] { "nll", "accuracy", "kl" })
        {
            double a = sixteenScores.GetProperty(figure).GetDouble(), b = eightScores.GetProperty(figure).GetDouble();
            Assert.True(Math.Abs(a - b) <= 1e-4 * Math.Max(1, Math.Abs(a)), $"{figure}: {a} on sixteen lanes, {b} on eight");
        }
    }

    private static string? Kernel(Dictionary<string, string?>? environment)
    {
        var run = Dx7Process.Run(["bench", "gemm", "--m", "16", "--n", "16", "--k", "16", "--json"], TimeSpan.FromMinutes(1), environment: environment);
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        return JsonDocument.Parse(run.Output).RootElement.GetProperty("kernel").GetString();
    }

    private static JsonElement Scores(Dx7Run run)
    {
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        return JsonDocument.Parse(run.Output).RootElement.GetProperty("scores").Clone();
    }
}

/// <summary>Needs a CPU with AVX-512 (to compare against its own eight-lane path) and the corpus; skipped, with the reason, elsewhere.</summary>
public sealed class AvxFactAttribute : FactAttribute
{
    public AvxFactAttribute()
    {
        Skip = SharedData.SkipReason ?? (Avx512F.IsSupported && Avx2.IsSupported && Fma.IsSupported
            ? null
            : "this CPU lacks AVX-512 or AVX2: there are not two widths to compare (the eight-lane kernels are the ones every test here runs).");
    }
}
