using NeuralDx7.Model;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.Tests.Model;

/// <summary>How values are drawn: the temperature scale's terms, the model folder's sampling file, and what each does to the shipped model's voices.</summary>
public sealed class SamplingTests
{
    private static readonly Lazy<VoiceGenerator> Shipped = new(() => new VoiceGenerator(TrainedModel.Load(TrainedModel.FindShipped()!).Model));

    [Fact]
    public void A_field_name_scales_it_in_every_operator_and_a_full_name_in_one()
    {
        var scale = TemperatureScale.Parse("EG Level 4=0.5, op2 detune=0, Feedback=2");
        var scaled = Dx7Parameters.All.Where(p => scale.PerPosition[p.Index] != 1).Select(p => (p.Name, scale.PerPosition[p.Index])).ToList();
        Assert.Equal(8, scaled.Count);
        Assert.All(Enumerable.Range(1, 6), op => Assert.Contains(($"OP{op} EG Level 4", 0.5), scaled));
        Assert.Contains(("OP2 Detune", 0.0), scaled);
        Assert.Contains(("Feedback", 2.0), scaled);
        Assert.Equal(1, scale.PerPosition[Dx7Parameters.All.Single(p => p.Name == "Pitch EG Level 4").Index]); // not an operator's EG
        Assert.Equal(scale.PerPosition, TemperatureScale.Parse(scale.ToString()).PerPosition);
        Assert.True(TemperatureScale.Parse(" NONE ").IsNone);
    }

    [Theory]
    [InlineData("EG Level 4", "takes terms like")]
    [InlineData("EG Level 5=0.5", "names no DX7 parameter in 'EG Level 5'")]
    [InlineData("Name Character 1=0.5", "names no DX7 parameter")]
    [InlineData("Detune=11", "it must be from 0 to 10")]
    [InlineData("Detune=-1", "it must be from 0 to 10")]
    [InlineData("Detune=NaN", "it must be from 0 to 10")]
    [InlineData("Detune=cool", "needs a number after '='")]
    [InlineData(" , ", "names no parameter")]
    public void A_bad_term_is_refused_naming_the_option_and_the_term(string text, string problem)
    {
        var e = Assert.Throws<InvalidRequestException>(() => TemperatureScale.Parse(text, "--temperature-scale"));
        Assert.StartsWith("--temperature-scale ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_sampling_file_is_read_and_a_bad_one_is_refused_with_its_path()
    {
        using var temp = new TempFolder();
        string good = temp.File(TemperatureScale.FileName);
        File.WriteAllText(good, """{ "kind": "sampling", "temperatureScale": { "EG Rate 4": 0.5, "EG Level 4": 0.5 } }""");
        Assert.Equal("EG Rate 4=0.5, EG Level 4=0.5", TemperatureScale.Load(good).ToString());
        foreach (string bad in new[] { "", "[]", """{ "temperatureScale": { "EG Rate 4": "cool" } }""", """{ "temperatureScale": { "Volume": 1 } }""",
            """{ "temperatureScale": { "EG Rate 4": 1e308 } }""" })
        {
            File.WriteAllText(good, bad);
            Assert.Contains(good, Assert.Throws<InvalidDataException>(() => TemperatureScale.Load(good)).Message);
        }
    }

    [Fact]
    public void A_zero_scale_draws_the_most_likely_value_and_the_others_stay_as_drawn()
    {
        var generator = Shipped.Value;
        var latents = Latents(generator.LatentSize, 24);
        var seeds = Enumerable.Range(1, 24).Select(i => (ulong)i).ToArray();
        var plain = generator.Decode(latents, new ValueSampling(1), seeds);
        var coolest = generator.Decode(latents, new ValueSampling(1, Scale: Enumerable.Repeat(0.0, ModelConfig.Positions).ToArray()), seeds);
        Assert.Equal(generator.Decode(latents, new ValueSampling(0), seeds), coolest);

        // Only the release drawn as its mode: every voice's EG Level 4 of each operator is the one the mode-only decode gives
        // when the earlier parameters agree, and the cart still varies elsewhere.
        var release = generator.Decode(latents, new ValueSampling(1, Scale: TemperatureScale.Parse("EG Level 4=0").PerPosition), seeds);
        Assert.NotEqual(plain, release);
        var levels4 = release.Select(v => Enumerable.Range(1, 6).Select(op => v.Parameters[Dx7Parameters.OperatorOffset(op) + Dx7Parameters.OpEgLevel1 + 3]).ToArray()).ToList();
        Assert.True(release.Select(v => v.SoundFingerprint).Distinct().Count() == 24, "the other parameters are still drawn");
        Assert.True(levels4.SelectMany(l => l).Count(l => l == 0) >= levels4.Count * 6 * 0.9, "a cooled EG Level 4 sits at its usual 0");
    }

    [Fact]
    public void The_smallest_nucleus_is_the_most_likely_value()
    {
        var generator = Shipped.Value;
        var latents = Latents(generator.LatentSize, 8);
        var seeds = Enumerable.Range(1, 8).Select(i => (ulong)i).ToArray();
        Assert.Equal(generator.Decode(latents, new ValueSampling(0), seeds), generator.Decode(latents, new ValueSampling(1, TopP: 1e-9), seeds));
        Assert.NotEqual(generator.Decode(latents, new ValueSampling(0), seeds), generator.Decode(latents, new ValueSampling(1, TopP: 0.95), seeds));
    }

    [Fact]
    public void The_shipped_model_draws_with_its_own_scale_unless_told_otherwise()
    {
        var model = NeuralDx7.Application.ModelFolder.Open(null);
        var shipped = model.TemperatureScale;
        Assert.NotNull(shipped);
        Assert.Equal("EG Rate 4=0.5, EG Level 4=0.5, Frequency Coarse=0.7", shipped.ToString());
        NeuralDx7.Application.Generation.GenerationRequest Request(TemperatureScale? scale) => new(8, Seed: 3, Screen: false, TemperatureScale: scale);
        var byDefault = NeuralDx7.Application.Generation.CartGeneration.Generate(model, Request(null)).Voices;
        Assert.Equal(byDefault, NeuralDx7.Application.Generation.CartGeneration.Generate(model, Request(TemperatureScale.Parse(shipped.ToString()))).Voices);
        Assert.NotEqual(byDefault, NeuralDx7.Application.Generation.CartGeneration.Generate(model, Request(TemperatureScale.None)).Voices);
    }

    [Fact]
    public void Drawing_a_cart_of_a_category_reports_the_voices_kept_after_each_round()
    {
        var model = NeuralDx7.Application.ModelFolder.Open(null);
        var reports = new List<(int Done, int Total)>();
        var result = NeuralDx7.Application.Generation.CartGeneration.Generate(model,
            new(8, Seed: 3, Category: VoiceCategory.Bass, Spread: 0.5), new Reports(reports));

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(8, r.Total));
        Assert.Equal(reports.Select(r => r.Done).Order(), reports.Select(r => r.Done));
        Assert.Equal(result.Voices.Count(v => VoiceCategories.FromName(v.Name) == VoiceCategory.Bass), reports[^1].Done);
        var screening = result.Screening!;
        Assert.Equal(8 - screening.FirstDrawUnusable - screening.FirstDrawOffCategory - screening.FirstDrawCopies, reports[0].Done);
        Assert.True(screening.Redraws > 0 ? reports.Count > 1 : reports.Count == 1, $"{reports.Count} reports for {screening.Redraws} draws again");
    }

    [Fact]
    public void A_cart_of_a_category_keeps_each_slots_first_draw_that_sounds_is_new_is_named_as_the_kind_and_is_not_pulled_too_far()
    {
        var shipped = NeuralDx7.Application.ModelFolder.Open(null);
        var model = shipped.ForCategories; // the model the shipped folder draws categories with
        Assert.NotSame(shipped, model);
        const int slots = 6;
        const double limit = 2;
        var request = new NeuralDx7.Application.Generation.GenerationRequest(slots, Seed: 5, Category: VoiceCategory.Bass, CategoryPullLimit: limit);
        var result = NeuralDx7.Application.Generation.CartGeneration.Generate(shipped, request);

        // Every draw a slot could have had, in order, as the cart's screen sees them.
        var prior = model.CategoryPriors!.Priors[VoiceCategory.Bass].WithSpread(request.SamplingSpread);
        int most = NeuralDx7.Application.Generation.CartGeneration.MaxDraws;
        var draws = model.Generator.SampleCategoryDraws(5, [.. Enumerable.Range(0, slots).SelectMany(s => Enumerable.Range(0, most).Select(d => (s, d)))],
            request.SamplingFor(model), prior, VoiceCategory.Bass, request.SamplingCategoryStrength);
        var heard = NeuralDx7.Application.Generation.CartGeneration.Audition([.. draws.Select(d => d.Voice)]);
        bool New(int i) => heard[i].Usable && !model.Trained.TrainingVoices.Contains(draws[i].Voice.SoundFingerprint);
        bool Named(int i) => VoiceCategories.FromName(draws[i].Voice.Name) == VoiceCategory.Bass;
        bool Pulled(int i) => draws[i].Evidence > limit;

        int turnedAway = 0;
        for (int slot = 0; slot < slots; slot++)
        {
            var tried = Enumerable.Range(slot * most, most).ToList();
            // The first that fits; when none does, the new one named as the kind and pulled least.
            int kept = tried.FirstOrDefault(i => New(i) && Named(i) && !Pulled(i), -1);
            if (kept < 0)
            {
                kept = tried.Where(New).OrderByDescending(Named).ThenBy(i => draws[i].Evidence).First();
            }

            Assert.Equal(draws[kept].Voice.Parameters.ToArray(), result.Voices[slot].Parameters.ToArray());
            turnedAway += tried.TakeWhile(i => i != kept).Count(i => New(i) && Named(i) && Pulled(i));
        }

        Assert.True(turnedAway > 0, "no bass the model named was pulled past the limit: the test does not reach the limit");
        Assert.Equal(result.Voices.Count(v => VoiceCategories.FromName(v.Name) != VoiceCategory.Bass), result.Screening!.OffCategory);
    }

    private sealed class Reports(List<(int Done, int Total)> list) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => list.Add(value);
    }

    private static float[] Latents(int size, int count)
    {
        var random = new NeuralDx7.Nn.SeededRandom(5);
        return [.. Enumerable.Range(0, size * count).Select(_ => (float)random.NextNormal())];
    }
}
