using NeuralDx7.Model;
using NeuralDx7.Model.Evaluation;
using NeuralDx7.Model.Training;
using NeuralDx7.Nn.IO;

namespace NeuralDx7.Tests.Model;

public class TrainingTests
{
    [CorpusFact]
    public void A_run_whose_loss_stops_being_a_number_stops_before_the_weights_take_the_step()
    {
        var model = new Dx7Vae(TinyModel.Config, seed: 3);
        var trainer = new Trainer(model, TinyModel.Options, TinyModel.Train, null, seed: 3);
        trainer.Train(2);
        var poisoned = model.Parameters().First();
        poisoned.Data[0] = float.NaN; // what an exploding step leaves behind
        var others = model.Parameters().Skip(1).Select(p => p.Data.ToArray()).ToList();

        var diverged = Assert.Throws<TrainingDivergedException>(() => trainer.Train(1));
        Assert.Equal(3, diverged.Step);
        Assert.Contains("stopped being finite numbers at step 3", diverged.Message, StringComparison.Ordinal);
        Assert.Equal(others, model.Parameters().Skip(1).Select(p => p.Data.ToArray()).ToList()); // no step was taken
        Assert.Equal(2, trainer.State.Step);
    }

    [CorpusFact]
    public void A_decoder_by_category_learns_the_categories_its_voices_are_named_with_and_any_from_every_kind_when_they_are_hidden()
    {
        float[][] TableAfterTraining(double categoryDropout)
        {
            var config = AutoregressiveTests.Config with { ByCategory = true };
            var model = new Dx7Vae(config, seed: 3);
            new Trainer(model, TrainingOptions.For(config) with { CategoryDropout = categoryDropout, WarmupSteps = 0 }, TinyModel.Train, null, seed: 3).Train(20);
            var table = model.NamedParameters().Single(p => p.Name == "decoder.category.weight").Tensor;
            return [.. Enumerable.Range(0, NeuralDx7.Model.Layers.CategoryCode.Count).Select(row => table.Data.Slice(row * config.Features, config.Features).ToArray())];
        }

        bool Learnt(float[] row) => row.Any(x => x != 0);
        var named = TinyModel.Train.Select(v => NeuralDx7.Voice.VoiceCategories.FromName(v.Name)).OfType<NeuralDx7.Voice.VoiceCategory>().ToHashSet();
        Assert.True(named.Count >= 5, $"Yamaha's cartridges name {named.Count} categories");

        var hidden = TableAfterTraining(1);
        Assert.True(Learnt(hidden[NeuralDx7.Model.Layers.CategoryCode.Any]));
        Assert.All(hidden.Skip(1), row => Assert.False(Learnt(row)));

        // Shown every voice's own: "any" never trained, "unnamed" by the voices whose names say no kind (ANALOG 3, JAMACA).
        var shown = TableAfterTraining(0);
        Assert.False(Learnt(shown[NeuralDx7.Model.Layers.CategoryCode.Any]));
        Assert.True(Learnt(shown[NeuralDx7.Model.Layers.CategoryCode.Unnamed]));
        foreach (var category in NeuralDx7.Voice.VoiceCategories.All.Where(c => !named.Contains(c)))
        {
            Assert.False(Learnt(shown[NeuralDx7.Model.Layers.CategoryCode.Of(category)]), $"{category}: no training voice is named so, yet its row moved");
        }

        int learnt = named.Count(c => Learnt(shown[NeuralDx7.Model.Layers.CategoryCode.Of(c)]));
        Assert.True(learnt >= 3, $"{learnt} of the {named.Count} named categories' rows moved in 20 steps");
    }

    [CorpusFact]
    public void A_tiny_model_learns_Yamahas_cartridges_beyond_their_marginals()
    {
        var train = TinyModel.Train;
        var model = new Dx7Vae(TinyModel.Config, seed: 3);
        var trainer = new Trainer(model, TinyModel.Options, train, TinyModel.Validation, seed: 3);
        var before = trainer.Validate();
        trainer.Train(300);
        var after = trainer.Validate();

        Assert.True(after.Reconstruction < before.Reconstruction * 0.6, $"reconstruction {before.Reconstruction:0.0} -> {after.Reconstruction:0.0}");
        Assert.True(after.Accuracy > before.Accuracy + 0.2, $"accuracy {before.Accuracy:P1} -> {after.Accuracy:P1}");

        // On the voices it trained on, it must beat always guessing each parameter's most common value.
        var (_, modeAccuracy) = Evaluator.MarginalBaseline(Marginals.Count(train), train);
        var trained = new TrainedModel(model, new HashSet<ulong>());
        var onTrain = Evaluator.Evaluate(trained, null, train, posteriorSamples: 1);
        Assert.True(onTrain.Accuracy > modeAccuracy, $"model {onTrain.Accuracy:P1} vs marginal modes {modeAccuracy:P1}");
    }

    [CorpusFact]
    public void Training_is_deterministic_and_a_resumed_run_continues_bit_for_bit()
    {
        using var temp = new TempFolder();
        var train = TinyModel.Train;

        float[] Weights(Dx7Vae m) => [.. m.Parameters().SelectMany(p => p.Data.ToArray())];

        var straight = new Dx7Vae(TinyModel.Config, seed: 5);
        new Trainer(straight, TinyModel.Options, train, null, seed: 5).Train(40);

        var first = new Dx7Vae(TinyModel.Config, seed: 5);
        var firstTrainer = new Trainer(first, TinyModel.Options, train, null, seed: 5);
        firstTrainer.Train(25);
        firstTrainer.SaveCheckpoint(temp.File("checkpoint.safetensors"));

        var resumed = new Dx7Vae(TinyModel.Config, seed: 999); // other initial weights: the checkpoint must replace them all
        var resumedTrainer = new Trainer(resumed, TinyModel.Options, train, null, seed: 999);
        resumedTrainer.Resume(temp.File("checkpoint.safetensors"));
        Assert.Equal(25, resumedTrainer.State.Step);
        resumedTrainer.Train(15);

        Assert.Equal(Weights(straight), Weights(resumed));
    }

    [CorpusFact]
    public void One_core_or_two_give_the_same_gradients_up_to_rounding()
    {
        var train = TinyModel.Train;
        var one = new Dx7Vae(TinyModel.Config, seed: 8);
        var two = new Dx7Vae(TinyModel.Config, seed: 8);
        new Trainer(one, TinyModel.Options with { Workers = 1 }, train, null, seed: 8).Train(5);
        new Trainer(two, TinyModel.Options with { Workers = 2 }, train, null, seed: 8).Train(5);
        var a = one.Parameters().SelectMany(p => p.Data.ToArray()).ToArray();
        var b = two.Parameters().SelectMany(p => p.Data.ToArray()).ToArray();
        Assert.All(Enumerable.Range(0, a.Length), i => Assert.True(Math.Abs(a[i] - b[i]) < 1e-4, $"weight {i}: {a[i]} vs {b[i]}"));
    }

    [CorpusFact]
    public void Cancelling_a_run_saves_the_model_and_a_checkpoint_that_resumes()
    {
        using var temp = new TempFolder();
        string folder = temp.File("model");
        using var cancel = new CancellationTokenSource();
        var progress = new Cancelling(cancel, atStep: 12);
        var request = new TrainingRequest(TinyModel.Slice, folder, TinyModel.Config, TinyModel.Options, new TrainingBudget(Epochs: 50), Seed: 2, Resume: false);

        var outcome = TrainingRun.Execute(request, progress, cancellation: cancel.Token);
        Assert.True(outcome.Cancelled);
        Assert.Equal(12, outcome.State.Step);
        var loaded = TrainedModel.Load(folder);
        Assert.Equal(outcome.TrainVoices, loaded.TrainingVoices.Count);
        Assert.True(File.Exists(Path.Combine(folder, Marginals.FileName)));
        Assert.Contains("\"kind\":\"train\"", File.ReadAllText(Path.Combine(folder, Trainer.LogFile)), StringComparison.Ordinal);

        // A second run into the folder must not silently start over; resuming carries on from step 12.
        Assert.Equal(folder, Assert.Throws<RunExistsException>(() => TrainingRun.Execute(request, null)).Folder);
        var resumed = TrainingRun.Execute(request with { Resume = true, Budget = new TrainingBudget(Epochs: 1) }, null);
        Assert.False(resumed.Cancelled);
        Assert.Equal(resumed.TrainVoices / TinyModel.Options.BatchSize, resumed.State.Step);
        Assert.True(resumed.State.Step > 12);
    }

    [CorpusFact]
    public void A_checkpoint_of_another_configuration_or_other_data_is_refused()
    {
        using var temp = new TempFolder();
        var trainer = new Trainer(new Dx7Vae(TinyModel.Config, 1), TinyModel.Options, TinyModel.Train, null, 1);
        trainer.SaveCheckpoint(temp.File("c.safetensors"));

        var otherConfig = new Trainer(new Dx7Vae(TinyModel.Config with { LatentSize = 6 }, 1), TinyModel.Options, TinyModel.Train, null, 1);
        Assert.Contains("configuration", Assert.Throws<InvalidDataException>(() => otherConfig.Resume(temp.File("c.safetensors"))).Message, StringComparison.Ordinal);

        var otherData = new Trainer(new Dx7Vae(TinyModel.Config, 1), TinyModel.Options, TinyModel.Train.Skip(1).ToList(), null, 1);
        Assert.Contains("other voices", Assert.Throws<InvalidDataException>(() => otherData.Resume(temp.File("c.safetensors"))).Message, StringComparison.Ordinal);
        Assert.NotEmpty(Safetensors.ReadMetadata(temp.File("c.safetensors"))["state"]);
    }

    [CorpusFact]
    public void The_KL_weight_ramps_from_zero_to_its_maximum_and_the_rate_warms_up_then_decays()
    {
        var options = new TrainingOptions(LearningRate: 1e-3, WarmupSteps: 100, CosineDecay: true, FinalLearningRateFraction: 0.1, MaxBeta: 0.5, KlRampSteps: 1000);
        Assert.Equal(0, options.KlWeightAt(0), 12);
        Assert.InRange(options.KlWeightAt(1000), 0.45, 0.48);
        Assert.True(options.KlWeightAt(500) < options.KlWeightAt(600));
        Assert.InRange(options.KlWeightAt(10_000), 0.4999, 0.5);

        Assert.Equal(1e-5, options.LearningRateAt(0, 1100), 12);
        Assert.Equal(1e-3, options.LearningRateAt(99, 1100), 12);
        Assert.Equal(1e-3, options.LearningRateAt(100, 1100), 12);
        Assert.Equal(1e-4, options.LearningRateAt(1100, 1100), 12);
        Assert.Equal((1e-3 + 1e-4) / 2, options.LearningRateAt(600, 1100), 12);
        Assert.Equal(1e-3, (options with { CosineDecay = false }).LearningRateAt(1000, 1100), 12);
    }

    [CorpusFact]
    public void A_run_bounded_by_time_decays_its_rate_by_the_clock()
    {
        using var temp = new TempFolder();
        var options = TinyModel.Options with { LearningRate = 1e-3, WarmupSteps = 5, CosineDecay = true, FinalLearningRateFraction = 0.1 };
        var trainer = new Trainer(new Dx7Vae(TinyModel.Config, 1), options, TinyModel.Train, null, 1);
        var rates = new List<(double Seconds, double Rate)>();
        trainer.Run(temp.Path, new TrainingBudget(Time: TimeSpan.FromSeconds(4)), new Recording(t => rates.Add((t.Elapsed.TotalSeconds, t.LearningRate))));
        Assert.True(rates.Count > 20, $"{rates.Count} steps");
        // Past the warm-up, the rate follows the cosine of the time spent: near the peak early, near the floor at the end.
        var early = rates.First(r => r.Seconds > 0.2 && r.Rate > 0);
        Assert.InRange(early.Rate, 0.9e-3, 1e-3);
        Assert.InRange(rates[^1].Rate, 1e-4, 1.5e-4);
        Assert.All(rates.Zip(rates.Skip(1)).Where(p => p.First.Seconds > 0.5), p => Assert.True(p.Second.Rate <= p.First.Rate + 1e-12));
    }

    private sealed class Recording(Action<TrainingProgress> record) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => record(value);
    }

    private sealed class Cancelling(CancellationTokenSource source, long atStep) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step >= atStep)
            {
                source.Cancel();
            }
        }
    }
}
