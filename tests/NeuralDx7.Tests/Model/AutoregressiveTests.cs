using NeuralDx7.Model;
using NeuralDx7.Model.Layers;
using NeuralDx7.Nn;
using NeuralDx7.Voice;

namespace NeuralDx7.Tests.Model;

public sealed class AutoregressiveTests
{
    internal static ModelConfig Config { get; } = new(Heads: 2, HeadWidth: 8, EncoderLayers: 1, DecoderLayers: 2, Flows: 2, LatentSize: 4,
        Architecture: ModelArchitecture.Autoregressive);

    [Fact]
    public void The_drawing_order_names_every_parameter_once_algorithm_first_and_name_last()
    {
        Assert.Equal(Enumerable.Range(0, Dx7Parameters.Count), ParameterOrder.Steps.Order());
        Assert.Equal(Dx7Parameters.Algorithm, ParameterOrder.Steps[0]);
        Assert.Equal(Enumerable.Range(Dx7Parameters.Name, Dx7Parameters.NameLength), ParameterOrder.Steps.TakeLast(Dx7Parameters.NameLength));
        for (int p = 0; p < Dx7Parameters.Count; p++)
        {
            Assert.Equal(p, ParameterOrder.Steps[ParameterOrder.StepOf[p]]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Step_by_step_sampling_computes_the_logits_teacher_forcing_computes(bool byCategory)
    {
        var model = new Dx7Vae(Config with { ByCategory = byCategory }, seed: 3);
        var random = new SeededRandom(4);
        const int voices = 3;
        var tokens = RandomVoices(random, voices);
        var z = Enumerable.Range(0, voices * Config.LatentSize).Select(_ => (float)random.NextNormal()).ToArray();
        int[] categories = byCategory ? [CategoryCode.Any, CategoryCode.Of(VoiceCategory.Bass), CategoryCode.Of(VoiceCategory.Effect)] : [];
        FillCategoryTable(model, random);

        using var g = new Graph<float>(new TensorPool<float>(), recording: false);
        var forced = model.Decode(g, g.Constant(z, voices, Config.LatentSize), tokens, categories: categories);
        var state = model.Autoregressive!.Begin(g, g.Constant(z, voices, Config.LatentSize), categories);
        var previous = new int[voices];
        double worst = 0;
        for (int step = 0; step < ModelConfig.Positions; step++)
        {
            int position = ParameterOrder.Steps[step];
            var logits = model.Autoregressive.Step(g, state, step, previous);
            for (int v = 0; v < voices; v++)
            {
                var expected = forced.Data.Slice(((v * ModelConfig.Positions) + position) * ModelConfig.Vocabulary, ModelConfig.Vocabulary);
                var actual = logits.Data.Slice(v * ModelConfig.Vocabulary, ModelConfig.Vocabulary);
                for (int k = 0; k < ModelConfig.Vocabulary; k++)
                {
                    worst = Math.Max(worst, Math.Abs(expected[k] - actual[k]));
                }

                previous[v] = tokens[(v * ModelConfig.Positions) + position];
            }
        }

        Assert.True(worst < 1e-4, $"step-by-step logits differ from teacher forcing's by {worst}");
    }

    [Fact]
    public void A_parameter_depends_only_on_the_latent_and_the_parameters_drawn_before_it()
    {
        var model = new Dx7Vae(Config, seed: 5);
        var random = new SeededRandom(6);
        var tokens = RandomVoices(random, 1);
        var z = Enumerable.Range(0, Config.LatentSize).Select(_ => (float)random.NextNormal()).ToArray();
        int changedStep = 60, changed = ParameterOrder.Steps[changedStep];
        var altered = (int[])tokens.Clone();
        var parameter = Dx7Parameters.All[changed];
        altered[changed] = altered[changed] == parameter.Min ? parameter.Max : parameter.Min;

        using var g = new Graph<float>(new TensorPool<float>(), recording: false);
        var before = model.Decode(g, g.Constant(z, 1, Config.LatentSize), tokens).Data.ToArray();
        var after = model.Decode(g, g.Constant(z, 1, Config.LatentSize), altered).Data.ToArray();
        for (int step = 0; step < ModelConfig.Positions; step++)
        {
            int p = ParameterOrder.Steps[step];
            bool same = before.AsSpan(p * ModelConfig.Vocabulary, ModelConfig.Vocabulary).SequenceEqual(after.AsSpan(p * ModelConfig.Vocabulary, ModelConfig.Vocabulary));
            Assert.True(same == (step <= changedStep), $"step {step} (parameter {p}) {(same ? "did not change" : "changed")} when step {changedStep}'s value did");
        }
    }

    [Fact]
    public void Sampling_is_the_same_however_many_voices_are_drawn_at_once()
    {
        var generator = new NeuralDx7.Model.Generation.VoiceGenerator(new Dx7Vae(Config, seed: 7));
        var all = generator.Sample(40, seed: 8, temperature: 1);
        var alone = generator.SampleSlots(8, [33], 0, temperature: 1);
        Assert.Equal(all[33].Parameters.ToArray(), alone[0].Parameters.ToArray());
        Assert.True(all.Select(v => v.SoundFingerprint).Distinct().Count() > 30, "temperature 1 should give distinct voices");
    }

    [Fact]
    public void A_decoder_by_category_started_from_one_without_computes_what_it_did_until_it_learns_the_categories()
    {
        string folder = Directory.CreateTempSubdirectory("dx7-start-from-").FullName;
        try
        {
            var plain = new Dx7Vae(Config, seed: 11);
            new TrainedModel(plain, new HashSet<ulong>()).Save(folder);
            var byCategory = new Dx7Vae(Config with { ByCategory = true }, seed: 12);
            Assert.Equal(["decoder.category.weight"], TrainedModel.StartFrom(byCategory, folder));

            var random = new SeededRandom(13);
            var tokens = RandomVoices(random, 1);
            var z = Enumerable.Range(0, Config.LatentSize).Select(_ => (float)random.NextNormal()).ToArray();
            float[] Logits(Dx7Vae model, VoiceCategory? category)
            {
                using var g = new Graph<float>(new TensorPool<float>(), recording: false);
                return model.Decode(g, g.Constant(z, 1, Config.LatentSize), tokens, categories: new[] { CategoryCode.Of(category) }).Data.ToArray();
            }

            var before = Logits(plain, null);
            Assert.Equal(before, Logits(byCategory, null));
            Assert.Equal(before, Logits(byCategory, VoiceCategory.Bass));

            FillCategoryTable(byCategory, random);
            Assert.NotEqual(Logits(byCategory, VoiceCategory.Bass), Logits(byCategory, VoiceCategory.Brass));

            // The other way would throw the category table away: refused, naming it.
            string byCategoryFolder = Path.Combine(folder, "by-category");
            new TrainedModel(byCategory, new HashSet<ulong>()).Save(byCategoryFolder);
            var error = Assert.Throws<InvalidDataException>(() => TrainedModel.StartFrom(new Dx7Vae(Config, seed: 14), byCategoryFolder));
            Assert.Contains("decoder.category.weight", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_category_strength_of_0_draws_as_if_no_category_were_asked_for_and_1_as_the_decoder_learnt_it()
    {
        var model = new Dx7Vae(Config with { ByCategory = true }, seed: 15);
        FillCategoryTable(model, new SeededRandom(16));
        var generator = new NeuralDx7.Model.Generation.VoiceGenerator(model);
        var sampling = new NeuralDx7.Model.Generation.ValueSampling(1, 1);
        int[] slots = [.. Enumerable.Range(0, 12)];
        byte[][] Draw(VoiceCategory? category, double strength) =>
            [.. generator.SampleSlots(17, slots, 0, sampling, null, category, strength).Select(v => v.Parameters.ToArray())];

        Assert.Equal(Draw(null, 1), Draw(VoiceCategory.Bass, 0));
        Assert.NotEqual(Draw(null, 1), Draw(VoiceCategory.Bass, 1));
        Assert.NotEqual(Draw(VoiceCategory.Bass, 1), Draw(VoiceCategory.Bass, 2));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void A_voice_of_a_category_is_named_as_the_decoder_not_told_the_category_reads_its_sound(double strength)
    {
        var model = new Dx7Vae(Config with { ByCategory = true }, seed: 18);
        var random = new SeededRandom(19);
        FillCategoryTable(model, random);
        const int voices = 8;
        var z = Enumerable.Range(0, voices * Config.LatentSize).Select(_ => (float)random.NextNormal()).ToArray();
        var drawn = new NeuralDx7.Model.Generation.VoiceGenerator(model).Decode(z, new NeuralDx7.Model.Generation.ValueSampling(1, 1),
            [.. Enumerable.Range(0, voices).Select(i => (ulong)i)], VoiceCategory.Bass, strength);
        var tokens = VoiceTokens.Encode(drawn);

        // The names are read from the drawn sound by teacher forcing: told "any" they are the drawn names; told the category, not all.
        using var g = new Graph<float>(new TensorPool<float>(), recording: false);
        int[] NamesRead(int[] categories)
        {
            var logits = model.Decode(g, g.Constant(z, voices, Config.LatentSize), tokens, categories: categories);
            return [.. Enumerable.Range(0, voices).SelectMany(v => Enumerable.Range(Dx7Parameters.Name, Dx7Parameters.NameLength).Select(p =>
                Dx7Vae.MaskedArgmax(logits.Data.Slice(((v * ModelConfig.Positions) + p) * ModelConfig.Vocabulary, ModelConfig.Vocabulary), p)))];
        }

        int[] names = [.. Enumerable.Range(0, voices).SelectMany(v => tokens.Skip((v * ModelConfig.Positions) + Dx7Parameters.Name).Take(Dx7Parameters.NameLength))];
        Assert.Equal(names, NamesRead([.. Enumerable.Repeat(CategoryCode.Any, voices)]));
        Assert.NotEqual(names, NamesRead([.. Enumerable.Repeat(CategoryCode.Of(VoiceCategory.Bass), voices)]));
    }

    [Fact]
    public void Several_draws_of_a_slot_decoded_together_are_the_voices_each_draw_gives_alone()
    {
        var model = new Dx7Vae(Config with { ByCategory = true }, seed: 20);
        FillCategoryTable(model, new SeededRandom(21));
        var generator = new NeuralDx7.Model.Generation.VoiceGenerator(model);
        var sampling = new NeuralDx7.Model.Generation.ValueSampling(1, 1);
        (int Slot, int Draw)[] draws = [(0, 1), (0, 2), (5, 1), (5, 7), (2, 3)];

        var together = generator.SampleDraws(22, draws, sampling, null, VoiceCategory.Bell, 5);
        var alone = draws.Select(d => generator.SampleSlots(22, [d.Slot], d.Draw, sampling, null, VoiceCategory.Bell, 5)[0]);
        Assert.Equal(alone.Select(v => v.Parameters.ToArray()), together.Select(v => v.Parameters.ToArray()));
        Assert.Equal(draws.Select(d => (int?)d.Slot), together.Select(v => v.Index));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.0)]
    public void A_drawn_voices_evidence_is_how_much_likelier_its_sound_is_told_the_category_than_told_any(double strength)
    {
        var model = new Dx7Vae(Config with { ByCategory = true }, seed: 23);
        var random = new SeededRandom(24);
        FillCategoryTable(model, random);
        const int voices = 6;
        var latents = Enumerable.Range(0, voices).Select(_ => Enumerable.Range(0, Config.LatentSize).Select(_ => (float)random.NextNormal()).ToArray()).ToArray();
        var drawn = new NeuralDx7.Model.Generation.VoiceGenerator(model).SampleCategoryDraws(25, [.. Enumerable.Range(0, voices).Select(s => (s, 0))],
            new NeuralDx7.Model.Generation.ValueSampling(1, 1), new NeuralDx7.Model.Generation.FixedLatents(latents), VoiceCategory.Pad, strength);
        var tokens = VoiceTokens.Encode([.. drawn.Select(d => d.Voice)]);

        // Teacher forcing the drawn voices through both decoders: the sum over the sound, not the name, of the log-ratio.
        using var g = new Graph<float>(new TensorPool<float>(), recording: false);
        var z = g.Constant([.. latents.SelectMany(l => l)], voices, Config.LatentSize);
        var told = model.Decode(g, z, tokens, categories: Enumerable.Repeat(CategoryCode.Of(VoiceCategory.Pad), voices).ToArray()).Data.ToArray();
        var any = model.Decode(g, z, tokens, categories: Enumerable.Repeat(CategoryCode.Any, voices).ToArray()).Data.ToArray();
        double LogProbability(float[] logits, int v, int p)
        {
            int row = (v * ModelConfig.Positions) + p;
            return Dx7Vae.MaskedLogProbability(logits.AsSpan(row * ModelConfig.Vocabulary, ModelConfig.Vocabulary), p, tokens[row]);
        }

        for (int v = 0; v < voices; v++)
        {
            double expected = Enumerable.Range(0, Dx7Parameters.Name).Sum(p => LogProbability(told, v, p) - LogProbability(any, v, p));
            Assert.Equal(expected, drawn[v].Evidence, 2);
        }

        Assert.Contains(drawn, d => Math.Abs(d.Evidence) > 0.1);
    }

    private static void FillCategoryTable(Dx7Vae model, SeededRandom random)
    {
        if (model.NamedParameters().FirstOrDefault(p => p.Name == "decoder.category.weight") is { Tensor: { } table })
        {
            for (int i = 0; i < table.Data.Length; i++)
            {
                table.Data[i] = (float)random.NextNormal();
            }
        }
    }

    private static int[] RandomVoices(SeededRandom random, int count)
    {
        var tokens = new int[count * ModelConfig.Positions];
        for (int i = 0; i < tokens.Length; i++)
        {
            var parameter = Dx7Parameters.All[i % ModelConfig.Positions];
            tokens[i] = parameter.Min + random.NextInt(parameter.Cardinality);
        }

        return tokens;
    }
}
