namespace NeuralDx7.Tests;

/// <summary>
/// The read-only material in ../shared: the real corpus and its factory ROM cartridges. Found by walking up from the
/// test assembly, or at NEURALDX7_SHARED. Tests that need it are marked [CorpusFact] or [CorpusTheory]: on a clone with
/// nothing beside it they are skipped, saying why; with NEURALDX7_REQUIRE_CORPUS=1 (as .ci/run sets) they run and fail.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>Why the corpus tests are skipped here; null when they run.</summary>
    public static string? SkipReason => Root.Value is null && Environment.GetEnvironmentVariable("NEURALDX7_REQUIRE_CORPUS") != "1"
        ? "The corpus is not at ../shared/corpus/dexed-cart-1.0 (or $NEURALDX7_SHARED): tests on real cartridges are skipped. Set NEURALDX7_REQUIRE_CORPUS=1 to make that a failure."
        : null;

    public static string Corpus => Path.Combine(Root.Value ?? throw new InvalidOperationException(
        "../shared/corpus/dexed-cart-1.0 was not found above the test assembly; set NEURALDX7_SHARED to the shared folder."), "corpus", "dexed-cart-1.0");

    /// <summary>A file or folder of ../shared/reference: the data format, the original model, its fidelity numbers.</summary>
    public static string Reference(string name) => Path.Combine(Path.GetDirectoryName(Corpus)!, "..", "reference", name);

    public static string Rom(string name) =>
        Path.Combine(Corpus, "Original Yamaha", $"DX7 {name[..4]}", $"{name}.syx");

    public static string RomMidi(string name) =>
        Path.Combine(Corpus, "Original Yamaha", $"DX7 {name[..4]}", $"{name}.mid");

    /// <summary>The eight factory ROM cartridges, ROM1A to ROM4B.</summary>
    public static IReadOnlyList<string> RomNames { get; } = ["ROM1A", "ROM1B", "ROM2A", "ROM2B", "ROM3A", "ROM3B", "ROM4A", "ROM4B"];

    public static TheoryData<string> Roms => new(RomNames);

    private static string? FindRoot()
    {
        string? configured = Environment.GetEnvironmentVariable("NEURALDX7_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(Path.Combine(configured, "corpus", "dexed-cart-1.0")) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "corpus", "dexed-cart-1.0")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A test on the real corpus: skipped, with the reason, where it is not at hand (see <see cref="SharedData"/>).</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute() => Skip = SharedData.SkipReason;
}

/// <summary>A theory on the real corpus: skipped, with the reason, where it is not at hand (see <see cref="SharedData"/>).</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute() => Skip = SharedData.SkipReason;
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "neuraldx7-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
