using NeuralDx7.Application.Evaluation;
using NeuralDx7.Codec;
using NeuralDx7.Corpus;
using NeuralDx7.Model;
using NeuralDx7.Model.Evaluation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Model.Training;
using NeuralDx7.Voice;

namespace NeuralDx7.Tests.Model;

/// <summary>A tiny model trained once for the class, then used the ways users use a model.</summary>
public sealed class TrainedTinyModel
{
    public TrainedTinyModel()
    {
        var model = new Dx7Vae(TinyModel.Config, seed: 4);
        new Trainer(model, TinyModel.Options, TinyModel.Train, null, seed: 4).Train(200);
        Model = new TrainedModel(model, TinyModel.Train.Select(v => v.SoundFingerprint).ToHashSet());
    }

    public TrainedModel Model { get; }
}

public class GenerationTests(TrainedTinyModel tiny) : IClassFixture<TrainedTinyModel>
{
    private VoiceGenerator Generator => new(tiny.Model.Model);

    [CorpusFact]
    public void Sampled_voices_are_valid_and_the_seed_decides_them()
    {
        foreach (double temperature in new[] { 0.0, 0.5, 1.0 })
        {
            var voices = Generator.Sample(40, seed: 9, temperature);
            Assert.Equal(40, voices.Count);
            Assert.All(voices, v => Assert.True(v.IsValid));
            Assert.Equal(voices, Generator.Sample(40, seed: 9, temperature));
            Assert.NotEqual(voices, Generator.Sample(40, seed: 10, temperature));
            var bulk = Dx7Writer.BulkDump(Dx7Cartridge.FromVoices(voices.Take(32)));
            Assert.True(Dx7Reader.Read(bulk, "generated").IsClean);
        }
    }

    [CorpusFact]
    public void A_voice_decodes_the_same_alone_or_in_a_cart_shared_over_the_cores()
    {
        var random = new NeuralDx7.Nn.SeededRandom(21);
        int l = TinyModel.Config.LatentSize;
        var latents = Enumerable.Range(0, 37 * l).Select(_ => (float)random.NextNormal()).ToArray(); // chunks of four, the last one short
        var together = Generator.Decode(latents, 0, new NeuralDx7.Nn.SeededRandom(1));
        for (int v = 0; v < 37; v++)
        {
            var alone = Generator.Decode(latents.AsSpan(v * l, l), 0, new NeuralDx7.Nn.SeededRandom(1));
            Assert.Equal(alone[0], together[v]);
        }

        Assert.Equal(Generator.Decode(latents, 1, new NeuralDx7.Nn.SeededRandom(2)), Generator.Decode(latents, 1, new NeuralDx7.Nn.SeededRandom(2)));
    }

    [CorpusFact]
    public void The_decoder_gives_the_same_logits_with_its_positional_film_and_weights_prepared_once_for_many_passes()
    {
        var model = tiny.Model.Model;
        var pool = new NeuralDx7.Nn.TensorPool<float>();
        var random = new NeuralDx7.Nn.SeededRandom(5);
        var z = Enumerable.Range(0, 3 * TinyModel.Config.LatentSize).Select(_ => (float)random.NextNormal()).ToArray();
        var film = model.PrecomputeDecoderFilm(pool);
        using (var g = new NeuralDx7.Nn.Graph<float>(pool, recording: false))
        {
            var computed = model.Decode(g, g.Constant(z, 3, TinyModel.Config.LatentSize)).Data.ToArray();
            var precomputed = model.Decode(g, g.Constant(z, 3, TinyModel.Config.LatentSize), positionalFilm: film).Data.ToArray();
            Assert.Equal(computed, precomputed);
            Assert.Contains(computed, x => x != 0);
            using var packed = new NeuralDx7.Nn.Graph<float>(pool, recording: false) { PackedWeights = new NeuralDx7.Nn.PackedWeights() };
            Assert.Equal(computed, model.Decode(packed, packed.Constant(z, 3, TinyModel.Config.LatentSize), positionalFilm: film).Data.ToArray());
        }

        // A training pass needs the FiLM's gradient, which precomputed values cannot carry.
        using var recording = new NeuralDx7.Nn.Graph<float>(pool, recording: true);
        Assert.Throws<InvalidOperationException>(() => model.Decode(recording, recording.Constant(z, 3, TinyModel.Config.LatentSize), positionalFilm: film));
    }

    [CorpusFact]
    public void Encoding_gives_a_posterior_and_the_decoder_latent_for_each_voice()
    {
        var voices = TinyModel.Validation.Take(5).ToList();
        var codes = Generator.Encode(voices);
        Assert.Equal(5, codes.Count);
        Assert.All(codes, c =>
        {
            Assert.Equal(TinyModel.Config.LatentSize, c.Mean.Length);
            Assert.All(c.StandardDeviation, s => Assert.InRange(s, Math.Exp(-5), Math.Exp(4)));
            Assert.All(c.Latent, z => Assert.True(float.IsFinite(z)));
        });

        // Decoding the latent of a voice gives back what the model reconstructs of it: mostly the voice.
        var decoded = Generator.Decode(codes.SelectMany(c => c.Latent).ToArray(), 0, new NeuralDx7.Nn.SeededRandom(1));
        double agreement = voices.Zip(decoded).Average(p => Enumerable.Range(0, 155).Count(i => p.First[i] == p.Second[i]) / 155.0);
        Assert.True(agreement > 0.4, $"reconstruction agreement {agreement:P1}");
    }

    [CorpusFact]
    public void Interpolation_has_the_asked_steps_and_slerp_keeps_to_the_sphere_between_ends()
    {
        var a = TinyModel.Validation[0];
        var b = TinyModel.Validation[1];
        foreach (var method in new[] { InterpolationMethod.Linear, InterpolationMethod.Slerp })
        {
            var path = Generator.Interpolate(a, b, 32, method);
            Assert.Equal(32, path.Count);
            Assert.All(path, v => Assert.True(v.IsValid));
        }

        float[] x = [3, 0, 0, 0], y = [0, 1, 0, 0];
        Assert.Equal(x, VoiceGenerator.Slerp(x, y, 0));
        var end = VoiceGenerator.Slerp(x, y, 1);
        Assert.Equal(1, end[1], 5);
        var middle = VoiceGenerator.Slerp(x, y, 0.5);
        Assert.Equal(2, Math.Sqrt(middle.Sum(v => v * v)), 5); // radius halfway between 3 and 1
        Assert.Equal(middle[0] / 2, middle[1] / 2, 5); // direction halfway between the axes
    }

    [CorpusFact]
    public void Variations_stay_near_their_voice_and_spread_with_the_spread()
    {
        var voice = TinyModel.Validation[2];
        var near = Generator.Vary(voice, 16, spread: 0.1, seed: 1);
        var far = Generator.Vary(voice, 16, spread: 3, seed: 1);
        Assert.Equal(16, near.Count);
        static double Distance(Dx7Voice a, Dx7Voice b) => Enumerable.Range(0, 145).Count(i => a[i] != b[i]);
        Assert.True(near.Average(v => Distance(v, voice)) < far.Average(v => Distance(v, voice)));
    }

    [CorpusFact]
    public void Evaluation_leaves_out_training_voices_and_reports_the_baselines()
    {
        var validation = TinyModel.Validation;
        var mixed = validation.Concat(TinyModel.Train.Take(10)).ToList();
        var marginals = Marginals.Count(TinyModel.Train);
        var result = Evaluator.Evaluate(tiny.Model, marginals, mixed, posteriorSamples: 2);

        Assert.Equal(validation.Count, result.Voices);
        Assert.Equal(10, result.Excluded);
        Assert.Equal(Dx7Parameters.All.Sum(p => Math.Log(p.Cardinality)), result.BaselineUniformNll, 9);
        Assert.True(result.BaselineMarginalNll < result.BaselineUniformNll);
        Assert.Equal(result.Reconstruction + result.Kl, result.Nll, 6);
        Assert.InRange(result.Accuracy, 0.3, 1);
        Assert.Throws<InvalidOperationException>(() => Evaluator.Evaluate(tiny.Model, marginals, TinyModel.Train.Take(3).ToList()));
    }

    [CorpusFact]
    public void The_duplicate_test_counts_copies_near_copies_and_repeats_of_real_voices()
    {
        var train = TinyModel.Train;
        var tally = new DuplicateTally(train.Select(v => v.SoundFingerprint).ToHashSet(), new SoundIndex(train));
        var copies = train.Take(10).Select(v => v.WithName("RENAMED")).ToList(); // a copy is a copy whatever its name
        var near = train.Skip(10).Take(5).Select(v => v.With(0, (v[0] + 1) % 100).With(1, (v[1] + 1) % 100)).ToList();
        var index = new SoundIndex(train);
        var novel = TinyModel.Validation.Where(v => index.Nearest(v).Distance > DuplicateTestRequest.NearCopyDistance).Take(5).ToList();
        Assert.Equal(5, novel.Count);
        tally.Add([.. copies, .. near, .. novel, copies[0]]);

        var result = tally.Result(PriorKind.Fitted, 0, []);
        Assert.Equal(21, result.Samples);
        Assert.Equal(20.0 / 21, result.Unique, 12);
        Assert.Equal(11.0 / 21, result.Copies!.Value, 12);
        Assert.Equal(16.0 / 21, result.NearCopies!.Value, 12); // copies are within 3 parameters too
        Assert.Equal(1.0, result.Valid);

        var blind = new DuplicateTally(null, null);
        blind.Add(copies);
        Assert.Null(blind.Result(PriorKind.Fitted, 0, []).Copies);
        Assert.Null(blind.Result(PriorKind.Fitted, 0, []).NearCopies);
    }

    [CorpusFact]
    public void A_saved_model_loads_with_the_same_weights_and_training_fingerprints()
    {
        using var temp = new TempFolder();
        tiny.Model.Save(temp.Path);
        var loaded = TrainedModel.Load(temp.Path);
        Assert.Equal(tiny.Model.Model.Config, loaded.Model.Config);
        Assert.True(tiny.Model.TrainingVoices.SetEquals(loaded.TrainingVoices));
        Assert.Equal(
            tiny.Model.Model.Parameters().SelectMany(p => p.Data.ToArray()),
            loaded.Model.Parameters().SelectMany(p => p.Data.ToArray()));
        Assert.Equal(Generator.Sample(8, 3, 0), new VoiceGenerator(loaded.Model).Sample(8, 3, 0));
    }
}
