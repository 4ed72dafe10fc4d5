using System.Text.Json;
using NeuralDx7.Codec;
using NeuralDx7.Model;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Tests.Cli;

/// <summary>The model commands, each run as its own dx7 process with the shipped model, checked by what a user sees.</summary>
public sealed class ModelCommandTests
{
    private static string Shipped => TrainedModel.FindShipped() ?? throw new InvalidOperationException("The shipped model was not found.");

    private static JsonElement Json(Dx7Run run)
    {
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        return JsonDocument.Parse(run.Output).RootElement;
    }

    [CorpusFact]
    public void Train_uses_the_configurations_own_recipe_unless_told_and_the_shipped_design_by_default()
    {
        using var temp = new TempFolder();
        string rom = Path.Combine(SharedData.Corpus, "Original Yamaha", "DX7 ROM1", "ROM1A.syx");
        JsonElement Recipe(string folder, params string[] options)
        {
            var run = Dx7Process.Run(["train", "--data", rom, "--out", temp.File(folder), "--epochs", "1", .. options], TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
            return JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File(folder), "config.json"))).RootElement;
        }

        // No --config: the shipped design, with the recipe it was chosen with.
        var shipped = Recipe("default");
        Assert.Equal("autoregressive", shipped.GetProperty("model").GetProperty("architecture").GetString());
        var training = shipped.GetProperty("training");
        Assert.Equal(2, training.GetProperty("freeBits").GetDouble());
        Assert.Equal(0.1, training.GetProperty("tokenDropout").GetDouble());
        Assert.True(training.GetProperty("permuteOperators").GetBoolean());

        // A user's option wins over the recipe, and the original architecture keeps its own recipe.
        var told = Recipe("told", "--permute-operators", "false", "--free-bits", "3").GetProperty("training");
        Assert.Equal(3, told.GetProperty("freeBits").GetDouble());
        Assert.False(told.TryGetProperty("permuteOperators", out _));
        var original = Recipe("original", "--config", "small", "--permute-operators");
        Assert.Equal(4, original.GetProperty("training").GetProperty("freeBits").GetDouble());
        Assert.False(original.GetProperty("training").TryGetProperty("tokenDropout", out _));
        Assert.True(original.GetProperty("training").GetProperty("permuteOperators").GetBoolean());
    }

    [CorpusFact]
    public void Eval_scores_the_test_split_beside_the_baselines_and_the_novel_voices()
    {
        var json = Json(Dx7Process.Run("eval", "--data", SharedData.Corpus, "--samples", "1", "--json"));
        Assert.Equal("test", json.GetProperty("split").GetString());
        var scores = json.GetProperty("scores");
        int voices = scores.GetProperty("voices").GetInt32();
        Assert.InRange(voices, 50, 3000);
        double nll = scores.GetProperty("nll").GetDouble(), marginal = scores.GetProperty("baselineMarginalNll").GetDouble();
        Assert.True(nll < marginal && marginal < scores.GetProperty("baselineUniformNll").GetDouble(), $"nll {nll}, marginals {marginal}");
        Assert.Equal(scores.GetProperty("reconstruction").GetDouble() + scores.GetProperty("kl").GetDouble(), nll, 2);
        Assert.InRange(json.GetProperty("novelVoices").GetInt32(), 1, voices);
        Assert.Equal(5, json.GetProperty("nearCopyDistance").GetInt32());
        Assert.True(json.GetProperty("novel").GetProperty("voices").GetInt32() == json.GetProperty("novelVoices").GetInt32());
        Assert.False(json.TryGetProperty("audio", out _)); // only with --audio
    }

    [CorpusFact]
    public void Eval_audio_hears_generated_voices_beside_real_ones_and_the_marginals()
    {
        var json = Json(Dx7Process.Run("eval", "--data", SharedData.Corpus, "--samples", "1", "--audio", "--audio-samples", "150", "--json"));
        var audio = json.GetProperty("audio");
        Assert.Equal(150, audio.GetProperty("samples").GetInt32());
        Assert.Equal(TimbreFeatureCount, audio.GetProperty("features").GetArrayLength());
        foreach (string share in new[] { "sounds", "stops", "clipped", "soundsScreened" })
        {
            Assert.InRange(audio.GetProperty(share).GetDouble(), 0, 1);
        }

        // Real voices sound, and screening leaves no silent voice while a slot has draws left.
        Assert.True(audio.GetProperty("real").GetProperty("sounds").GetDouble() > 0.9);
        Assert.True(audio.GetProperty("soundsScreened").GetDouble() >= audio.GetProperty("sounds").GetDouble());
        // Real against other real voices is the floor: nearer than voices drawn from independent marginals.
        double floor = audio.GetProperty("fdRealFloor").GetDouble(), marginals = audio.GetProperty("fdMarginals").GetDouble();
        Assert.True(floor >= 0 && floor < marginals, $"floor {floor}, marginals {marginals}");
        Assert.True(audio.GetProperty("fd").GetDouble() > 0);
        // Real training voices are heard too: real voices, so nearer than the marginals, and they sound.
        var training = audio.GetProperty("trainingVoices");
        Assert.Equal(150, training.GetProperty("voices").GetInt32());
        Assert.True(training.GetProperty("sounds").GetDouble() > 0.9);
        Assert.InRange(training.GetProperty("fd").GetDouble(), 0, marginals);
        // The shipped model's own sampling is named in what was measured.
        Assert.Equal("EG Rate 4=0.5, EG Level 4=0.5, Frequency Coarse=0.7", audio.GetProperty("temperatureScale").GetString());
    }

    [Synth.HexterFact]
    public void Eval_audio_hears_the_same_voices_through_hexter_when_asked()
    {
        string[] request = ["eval", "--data", SharedData.Corpus, "--split", "validation", "--samples", "1", "--audio", "--audio-samples", "100", "--json"];
        var ours = Json(Dx7Process.Run(request)).GetProperty("audio");
        var hexter = Json(Dx7Process.Run([.. request, "--ear", "hexter"])).GetProperty("audio");
        Assert.Equal("ours", ours.GetProperty("ear").GetString(), ignoreCase: true);
        Assert.Equal("hexter", hexter.GetProperty("ear").GetString(), ignoreCase: true);

        // The same real voices, rendered by another engine: hexter scales a voice by its carriers, so more fall silent after the key goes up.
        double realStopsOurs = ours.GetProperty("real").GetProperty("stops").GetDouble(), realStopsHexter = hexter.GetProperty("real").GetProperty("stops").GetDouble();
        Assert.True(realStopsHexter > realStopsOurs, $"real voices stop {realStopsHexter:P1} through hexter, {realStopsOurs:P1} through ours");
        Assert.NotEqual(ours.GetProperty("fdRealFloor").GetDouble(), hexter.GetProperty("fdRealFloor").GetDouble());
        Assert.True(hexter.GetProperty("real").GetProperty("sounds").GetDouble() > 0.9);
        Assert.True(hexter.GetProperty("fdRealFloor").GetDouble() < hexter.GetProperty("fdMarginals").GetDouble());

        // The table names the ear and shows the reference the stops are compared with.
        var table = Dx7Process.Run([.. request[..^1], "--ear", "hexter"]);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Auditioned by hexter, 100 voices each", table.Output, StringComparison.Ordinal);
        string reference = table.Output.Split('\n').Single(line => line.StartsWith("real held-out voices (the reference)", StringComparison.Ordinal));
        Assert.Contains(" " + (realStopsHexter * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "% ", reference, StringComparison.Ordinal);
    }

    private static int TimbreFeatureCount => NeuralDx7.Synth.TimbreFeatures.Count;

    [CorpusFact]
    public void Eval_names_the_option_and_its_range_when_a_request_cannot_be_met()
    {
        var tooMany = Dx7Process.Run("eval", "--data", SharedData.Corpus, "--audio", "--audio-samples", "5000");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.StartsWith("dx7: --audio-samples must be at most half the", tooMany.Error.Trim());
        Assert.True(Dx7Process.IsClean(tooMany.Error), tooMany.Error);

        var nothingHeldOut = Dx7Process.Run("eval", "--data", Path.Combine(SharedData.Corpus, "Original Yamaha", "DX7 ROM4"));
        Assert.Equal(2, nothingHeldOut.ExitCode);
        Assert.Contains("no test voices", nothingHeldOut.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_category_refuses_a_pull_limit_out_of_range_in_one_line_naming_the_option()
    {
        var negative = Dx7Process.Run("bench", "category", "--data", "no-such-folder", "--category-pull-limit", "-1");
        Assert.Equal(2, negative.ExitCode);
        Assert.Equal("dx7: --category-pull-limit must be a number from 0 to 1000, not -1.", negative.Error.Trim());
    }

    [CorpusFact]
    public void Dupes_counts_copies_and_near_copies_against_the_training_data_and_says_what_it_cannot_count()
    {
        var json = Json(Dx7Process.Run("dupes", "--samples", "300", "--data", SharedData.Corpus, "--json"));
        Assert.Equal(300, json.GetProperty("samples").GetInt32());
        Assert.InRange(json.GetProperty("copies").GetDouble(), 0, json.GetProperty("nearCopies").GetDouble());
        Assert.Equal(3, json.GetProperty("nearCopyDistance").GetInt32());
        Assert.Equal(1.0, json.GetProperty("valid").GetDouble());
        Assert.Equal(0, json.GetProperty("warnings").GetArrayLength());

        var withoutData = Dx7Process.Run("dupes", "--samples", "50", "--json");
        Assert.False(Json(withoutData).TryGetProperty("nearCopies", out _));
        Assert.Contains("warning: Near-copies need the training voices", withoutData.Error, StringComparison.Ordinal);

        // A model folder that does not list its training voices cannot count copies, and says so instead of printing 0.
        using var temp = new TempFolder();
        string blind = temp.File("blind");
        Directory.CreateDirectory(blind);
        foreach (string file in Directory.GetFiles(Shipped).Where(f => Path.GetFileName(f) != TrainedModel.FingerprintsFile))
        {
            File.Copy(file, Path.Combine(blind, Path.GetFileName(file)));
        }

        var noFingerprints = Dx7Process.Run("dupes", "--samples", "50", "--model", blind, "--json");
        Assert.False(Json(noFingerprints).TryGetProperty("copies", out _));
        Assert.Contains("does not list the voices it was trained on", noFingerprints.Error, StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Bench_category_hears_real_and_generated_voices_as_their_kind_more_often_than_chance_and_counts_copies_of_training_voices()
    {
        var json = Json(Dx7Process.Run(["bench", "category", "--data", SharedData.Corpus, "--voices", "16", "--json"], TimeSpan.FromMinutes(5)));
        double chance = json.GetProperty("chance").GetDouble();
        var categories = json.GetProperty("categories").EnumerateArray().ToList();
        Assert.Equal(1.0 / categories.Count, chance, 1e-9);
        Assert.Equal(NeuralDx7.Voice.VoiceCategories.All.Count, categories.Count); // every category has a region of its own in the shipped model
        Assert.True(json.GetProperty("realAccuracy").GetDouble() > 3 * chance, json.ToString());
        Assert.True(json.GetProperty("generatedAccuracy").GetDouble() > 2 * chance, json.ToString());
        Assert.InRange(json.GetProperty("copies").GetDouble(), 0, json.GetProperty("nearCopies").GetDouble());
        Assert.InRange(json.GetProperty("nearCopies").GetDouble(), 0, 0.1);
        Assert.All(categories, c => Assert.InRange(c.GetProperty("copies").GetDouble(), 0, c.GetProperty("nearCopies").GetDouble()));

        // Where each category's new and real voices were heard: shares of all of them, its own share its hit rate, most heard first.
        Assert.All(categories.SelectMany(c => new[] { (c, "generated"), (c, "real") }), row =>
        {
            var (c, which) = row;
            var heardAs = c.GetProperty(which + "HeardAs").EnumerateObject().Select(h => (h.Name, Share: h.Value.GetDouble())).ToList();
            Assert.Equal(1.0, heardAs.Sum(h => h.Share), 9);
            Assert.Equal(c.GetProperty(which + "HitRate").GetDouble(), heardAs.FirstOrDefault(h => h.Name == c.GetProperty("category").GetString()).Share, 9);
            Assert.Equal(heardAs.OrderByDescending(h => h.Share).Select(h => h.Share), heardAs.Select(h => h.Share));
        });

        // Each ratio comes with the range it lies in given how few voices were heard: around it, and wider for fewer real voices.
        Assert.All(categories.Where(c => c.GetProperty("realHitRate").GetDouble() > 0), c =>
        {
            var range = c.GetProperty("ratioInterval");
            Assert.Equal(16, c.GetProperty("generatedVoices").GetInt32());
            Assert.InRange(c.GetProperty("ratio").GetDouble(), range.GetProperty("low").GetDouble(), range.GetProperty("high").GetDouble());
        });
        Assert.All(categories.Where(c => c.GetProperty("realHitRate").GetDouble() == 0), c => Assert.False(c.TryGetProperty("ratioInterval", out _)));

        // One category scored alone has the figures it has among all: the ear hears every category either way.
        var alone = Json(Dx7Process.Run(["bench", "category", "--data", SharedData.Corpus, "--voices", "16", "--category", "effect", "--json"], TimeSpan.FromMinutes(5)));
        var effect = Assert.Single(alone.GetProperty("categories").EnumerateArray());
        var amongAll = categories.Single(c => c.GetProperty("category").GetString() == "effect");
        Assert.Equal(amongAll.GetProperty("realHitRate").GetDouble(), effect.GetProperty("realHitRate").GetDouble());
        Assert.Equal(amongAll.GetProperty("generatedHitRate").GetDouble(), effect.GetProperty("generatedHitRate").GetDouble());
    }

    [Fact]
    public void Bench_category_refuses_an_unknown_category_listing_the_known_ones()
    {
        var run = Dx7Process.Run("bench", "category", "--data", "no-such-folder", "--category", "kazoo");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--category must be one of bass, brass, strings,", run.Error, StringComparison.Ordinal);
        Assert.Contains("not 'kazoo'", run.Error, StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Encode_prints_each_voice_posterior_and_decoder_latent()
    {
        var run = Dx7Process.Run("encode", SharedData.Rom("ROM1A"), "--json");
        var voices = Json(run).EnumerateArray().ToList();
        Assert.Equal(32, voices.Count);
        Assert.Equal("BRASS   1", voices[0].GetProperty("name").GetString());
        int latent = TrainedModel.Load(Shipped).Model.Config.LatentSize;
        Assert.All(voices, v => Assert.Equal(latent, v.GetProperty("latent").GetArrayLength()));
        Assert.All(voices, v => Assert.All(v.GetProperty("std").EnumerateArray(), s => Assert.True(s.GetDouble() > 0)));
    }

    [CorpusFact]
    public void Interpolate_and_vary_write_the_cartridges_asked_for_and_the_seed_decides_variations()
    {
        using var temp = new TempFolder();
        var path = Dx7Process.Run("interpolate", SharedData.Rom("ROM1A") + ":0", SharedData.Rom("ROM1A") + ":10", "--steps", "12", "--out", temp.File("path.syx"));
        Assert.True(path.ExitCode == 0, Dx7Process.Describe(path));
        Assert.Equal(12, Dx7Reader.ReadFile(temp.File("path.syx")).Voices.Take(12).Count(v => v.Voice.Name != "INIT VOICE"));

        string[] vary = ["vary", SharedData.Rom("ROM1A") + ":10", "--count", "8", "--spread", "0.5", "--seed", "3", "--out"];
        Assert.Equal(0, Dx7Process.Run([.. vary, temp.File("a.syx")]).ExitCode);
        Assert.Equal(0, Dx7Process.Run([.. vary, temp.File("b.syx")]).ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("a.syx")), File.ReadAllBytes(temp.File("b.syx")));
        var refused = Dx7Process.Run([.. vary, temp.File("a.syx")]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("already exists", refused.Error, StringComparison.Ordinal);

        var far = Dx7Process.Run("vary", SharedData.Rom("ROM1A") + ":10", "--spread", "11", "--out", temp.File("c.syx"));
        Assert.Equal(2, far.ExitCode);
        Assert.Equal("dx7: --spread must be a number from 0 to 10, not 11.", far.Error.Trim());
    }

    [CorpusFact]
    public void Cart_new_refuses_a_temperature_out_of_range_with_the_range()
    {
        using var temp = new TempFolder();
        foreach (string bad in new[] { "-3", "NaN", "11" })
        {
            var run = Dx7Process.Run("cart", "new", "--temperature", bad, "--out", temp.File("x.syx"));
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"dx7: --temperature must be a number from 0 to 10, not {bad}.", run.Error.Trim());
            Assert.False(File.Exists(temp.File("x.syx")));
        }
    }

    [CorpusFact]
    public void Prior_fit_writes_the_prior_that_carts_are_then_drawn_from()
    {
        using var temp = new TempFolder();
        string model = temp.File("model");
        Directory.CreateDirectory(model);
        foreach (string file in Directory.GetFiles(Shipped).Where(f => Path.GetFileName(f) != LatentPrior.FileName))
        {
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        }

        var normal = Dx7Process.Run("cart", "new", "--model", model, "--seed", "5", "--out", temp.File("normal.syx"));
        Assert.Contains("normal prior", normal.Error, StringComparison.Ordinal);
        var missing = Dx7Process.Run("cart", "new", "--model", model, "--prior", "fitted", "--out", temp.File("x.syx"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"has no {LatentPrior.FileName}", missing.Error, StringComparison.Ordinal);

        byte[] categories = File.ReadAllBytes(Path.Combine(model, CategoryPriors.FileName));
        var fit = Json(Dx7Process.Run("prior", "fit", "--model", model, "--data", Path.Combine(SharedData.Corpus, "Original Yamaha"), "--json"));
        Assert.True(File.Exists(Path.Combine(model, LatentPrior.FileName)));
        Assert.Equal(categories, File.ReadAllBytes(Path.Combine(model, CategoryPriors.FileName))); // only what was missing is fitted
        var candidates = fit.GetProperty("selection").GetProperty("candidates").EnumerateArray().ToList();
        Assert.Contains(candidates, c => c.GetProperty("components").GetInt32() == fit.GetProperty("components").GetInt32());

        var fitted = Dx7Process.Run("cart", "new", "--model", model, "--seed", "5", "--out", temp.File("fitted.syx"));
        Assert.Contains("fitted prior", fitted.Error, StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllBytes(temp.File("normal.syx")), File.ReadAllBytes(temp.File("fitted.syx")));
        Assert.Equal(2, Dx7Process.Run("prior", "fit", "--model", model, "--data", SharedData.Corpus).ExitCode); // exists: --force to replace
    }
}
