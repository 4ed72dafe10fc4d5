using System.Text.Json;
using NeuralDx7.Codec;
using NeuralDx7.Voice;
using Xunit.Abstractions;

namespace NeuralDx7.Tests.Cli;

/// <summary>A test that needs headless Chromium; .ci/run installs it and sets NEURALDX7_REQUIRE_CHROMIUM=1.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        Skip = SharedData.SkipReason; // these tests also read the corpus

        if (Environment.GetEnvironmentVariable("NEURALDX7_REQUIRE_CHROMIUM") != "1" && Browser.Path is null)
        {
            Skip = "Chromium is not installed (apt-get install chromium, or set NEURALDX7_CHROMIUM to a Chromium or Chrome).";
        }
    }
}

/// <summary>Where headless Chromium is on this machine: $NEURALDX7_CHROMIUM, else the browsers' usual names on PATH.</summary>
internal static class Browser
{
    private static readonly string[] Names = ["chromium", "chromium-headless-shell", "chromium-browser", "google-chrome", "google-chrome-stable"];

    public static string? Path => Environment.GetEnvironmentVariable("NEURALDX7_CHROMIUM") is { Length: > 0 } chosen && File.Exists(chosen)
        ? chosen
        : Names.Select(ExecutableOnPath).FirstOrDefault(p => p is not null);

    private static string? ExecutableOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}

/// <summary>The listening page, opened from disk by a real browser and read through its DOM.</summary>
public sealed class ReportBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // What the tests read from the page's DOM: its sections, the players' audio decoded, the drawings.
    private const string Probe = """
        (async () => {
          const result = {};
          result.sections = document.querySelectorAll('section.voice').length;
          result.scripts = document.querySelectorAll('script').length;
          result.external = [...document.querySelectorAll('[src],[href]')].map(e => e.getAttribute('src') || e.getAttribute('href'))
            .filter(u => !u.startsWith('data:') && !u.startsWith('#')).length;
          result.durations = [];
          for (const audio of document.querySelectorAll('audio')) {
            const bytes = await (await fetch(audio.src)).arrayBuffer();
            const decoded = await new OfflineAudioContext(1, 1, 22050).decodeAudioData(bytes);
            result.durations.push(decoded.duration);
          }
          result.emptySvgs = [...document.querySelectorAll('svg')].filter(s => s.querySelectorAll('rect,line,path,polyline,circle').length === 0).length;
          result.envelopes = document.querySelectorAll('svg.envelope polyline').length;
          result.map = document.querySelectorAll('svg.latent-map circle.voice').length;
          result.categories = [...document.querySelectorAll('section.voice')].map(s => s.querySelector('.badge.category')?.textContent ?? null);
          result.algorithms = [...document.querySelectorAll('svg.algorithm')].map(s => ({
            number: +s.dataset.algorithm,
            edges: [...s.querySelectorAll('line.mod')].map(l => l.dataset.from + '>' + l.dataset.to).sort(),
            carriers: [...s.querySelectorAll('g.carrier')].map(g => +g.dataset.op).sort(),
            feedback: [...s.querySelectorAll('path.feedback')].map(p => p.dataset.from + '>' + p.dataset.to) }));
          return JSON.stringify(result);
        })()
        """;

    private static JsonElement Read(ChromiumPage page) => JsonDocument.Parse(page.Evaluate(Probe)!.GetValue<string>()).RootElement;

    [ChromiumFact]
    public void A_generated_cart_page_has_32_voices_that_play_for_the_preview_length_and_drawings_with_content()
    {
        var cart = Dx7Process.Run(["cart", "new", "--seed", "3", "--out", "cart.syx"], TimeSpan.FromMinutes(1), _temp.Path);
        Assert.True(cart.ExitCode == 0, Dx7Process.Describe(cart));
        var report = Dx7Process.Run(["report", "cart.syx", "--data", SharedData.Corpus], TimeSpan.FromMinutes(2), _temp.Path);
        Assert.True(report.ExitCode == 0, Dx7Process.Describe(report));
        string page = _temp.File("cart.html");
        long size = new FileInfo(page).Length;
        Assert.True(size < 4L * 1024 * 1024, $"{size} bytes");
        output.WriteLine($"cart.html: {size / 1024} KB");

        using var browser = ChromiumPage.Open(new Uri(page).AbsoluteUri, _temp.Path);
        var json = Read(browser);
        Assert.Equal(32, json.GetProperty("sections").GetInt32());
        Assert.Equal(0, json.GetProperty("scripts").GetInt32());
        Assert.Equal(0, json.GetProperty("external").GetInt32()); // works offline: everything is in the file
        var durations = json.GetProperty("durations").EnumerateArray().Select(d => d.GetDouble()).ToList();
        Assert.Equal(32, durations.Count);
        double expected = Application.Reports.CartReport.Preview(60).HoldSeconds + Application.Reports.CartReport.Preview(60).ReleaseSeconds;
        Assert.All(durations, d => Assert.Equal(expected, d, 2));
        Assert.Equal(0, json.GetProperty("emptySvgs").GetInt32());
        Assert.Equal(32 * 7, json.GetProperty("envelopes").GetInt32()); // six operators and the pitch envelope
        Assert.Equal(32, json.GetProperty("map").GetInt32());
        // Each voice's category, as its name says it, is shown beside the name, and only then.
        var categories = json.GetProperty("categories").EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Null ? null : c.GetString()).ToList();
        var voices = Dx7Reader.ReadFile(_temp.File("cart.syx")).Voices.Select(v => v.Voice).ToList();
        Assert.Equal(voices.Select(v => v.Category is { } c ? VoiceCategories.Name(c) : null), categories);
        Assert.Contains(categories, c => c is not null);
        Assert.Contains("Nearest training voice", File.ReadAllText(page), StringComparison.Ordinal);

        // The console stays quiet, and a screenshot is kept to look at (not to compare).
        Assert.Empty(browser.ConsoleErrors);
        string screenshot = Path.Combine(AppContext.BaseDirectory, "report-screenshot.png");
        browser.Screenshot(screenshot);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is blank");
        output.WriteLine($"screenshot: {screenshot}");
    }

    [ChromiumFact]
    public void The_diagrams_of_all_32_algorithms_match_the_algorithm_table()
    {
        // One voice of each algorithm, feedback on each, played at three notes.
        var template = Codec.Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices[0].Voice;
        var voices = Enumerable.Range(0, 32).Select(a => template.With(Dx7Parameters.Algorithm, a).With(Dx7Parameters.Feedback, a % 8).WithName($"ALG {a + 1}")).ToList();
        File.WriteAllBytes(_temp.File("all.syx"), Codec.Dx7Writer.BulkDump(Dx7Cartridge.Split(voices)[0]));
        var report = Dx7Process.Run(["report", "all.syx", "--notes", "48,60,72"], TimeSpan.FromMinutes(2), _temp.Path);
        Assert.True(report.ExitCode == 0, Dx7Process.Describe(report));

        using var browser = ChromiumPage.Open(new Uri(_temp.File("all.html")).AbsoluteUri, _temp.Path);
        var json = Read(browser);
        Assert.Equal(96, json.GetProperty("durations").GetArrayLength());
        var drawn = json.GetProperty("algorithms").EnumerateArray().ToList();
        Assert.Equal(32, drawn.Count);
        foreach (var diagram in drawn)
        {
            var table = Algorithm.Get(diagram.GetProperty("number").GetInt32());
            Assert.Equal(table.Modulations.Select(m => $"{m.From}>{m.To}").Order(StringComparer.Ordinal),
                diagram.GetProperty("edges").EnumerateArray().Select(e => e.GetString()!));
            Assert.Equal(table.Carriers.Order(), diagram.GetProperty("carriers").EnumerateArray().Select(c => c.GetInt32()));
            Assert.Equal([$"{table.FeedbackFrom}>{table.FeedbackTo}"], diagram.GetProperty("feedback").EnumerateArray().Select(f => f.GetString()!));
        }
    }
}
