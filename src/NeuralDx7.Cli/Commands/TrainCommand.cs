using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Training;
using NeuralDx7.Cli.Output;
using NeuralDx7.Model;
using NeuralDx7.Model.Training;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 train --data &lt;data&gt; --out &lt;model folder&gt;</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "A data set from 'dx7 import', or a folder of cartridges.", Required = true };
        var output = new Option<string>("--out") { Description = "The model folder to write (checkpoint, log, model).", Required = true };
        var config = new Option<string>("--config") { Description = $"{string.Join(", ", ModelConfig.Named.Keys)}, or a JSON file of sizes.", DefaultValueFactory = _ => ModelTrainingRequest.DefaultConfig };
        var minutes = new Option<double?>("--minutes") { Description = "Stop after this much training time (across resumes)." };
        var epochs = new Option<int?>("--epochs") { Description = "Stop after this many passes over the training voices." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint." };
        var startFrom = new Option<string?>("--start-from") { Description = "Start from this trained model's weights (fine-tuning); weights the configuration adds, such as a category table, start at zero." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial weights, data order and noise.", DefaultValueFactory = _ => 1 };
        // Left unset, each recipe option takes the configuration's recipe (TrainingOptions.For): the figures of BENCHMARKS.md.
        TrainingOptions original = TrainingOptions.Recommended, autoregressive = TrainingOptions.Autoregressive;
        string Default(FormattableString text) => FormattableString.Invariant(text);
        var batch = new Option<int?>("--batch-size", "--batch") { Description = Default($"Voices per step (default {original.BatchSize}).") };
        var rate = new Option<double?>("--learning-rate") { Description = Default($"Peak AdamW learning rate (default {original.LearningRate}).") };
        var warmup = new Option<int?>("--warmup-steps", "--warmup") { Description = Default($"Warm-up steps of the learning rate (default {original.WarmupSteps}).") };
        var constant = new Option<bool>("--constant-rate") { Description = "Keep the learning rate constant instead of a cosine decay (the original recipe)." };
        var klRamp = new Option<int?>("--kl-ramp-steps", "--kl-ramp") { Description = "Steps for the KL weight to reach 95% of its maximum (default: half the run)." };
        var maxBeta = new Option<double?>("--max-beta")
        {
            Description = "Largest KL weight on the original's scale (KL / latent size beside the mean token loss). The default, latent size / 155, "
                + "weighs KL as the ELBO does; the original's 0.5 weighs it about ten times more.",
        };
        var freeBits = new Option<double?>("--free-bits")
        {
            Description = Default($"Nats per latent dimension the KL may use unpenalised (default: {autoregressive.FreeBits} autoregressive, {original.FreeBits} the others)."),
        };
        var tokenDropout = new Option<double?>("--token-dropout")
        {
            Description = Default($"The autoregressive decoder's share of steps that cannot read the value before them in training, so the latent must tell them (default {autoregressive.TokenDropout})."),
        };
        var categoryDropout = new Option<double?>("--category-dropout")
        {
            Description = Default($"For a decoder by category: the share of training voices shown as \"any\", so it still draws every kind when no category is asked for (default {TrainingOptions.AutoregressiveByCategory.CategoryDropout})."),
        };
        var permute = new Option<bool?>("--permute-operators")
        {
            Description = Default($"Show each training voice with its operators renumbered by a symmetry of its algorithm that keeps the sound (default: {(autoregressive.PermuteOperators ? "on" : "off")} autoregressive, {(original.PermuteOperators ? "on" : "off")} the others)."),
        };
        var command = new Command("train", "Train a model on a folder of cartridges or a data set; Ctrl+C stops after saving.")
        {
            data, output, config, minutes, epochs, resume, startFrom, seed, batch, rate, warmup, constant, klRamp, maxBeta, freeBits, tokenDropout, permute,
            categoryDropout,
        };

        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var recipe = new TrainingOverrides(p.GetValue(batch), p.GetValue(rate), p.GetValue(warmup), p.GetValue(constant) ? true : null, p.GetValue(maxBeta),
                p.GetValue(klRamp), p.GetValue(freeBits), p.GetValue(tokenDropout), p.GetValue(permute), p.GetValue(categoryDropout));
            var request = new ModelTrainingRequest(p.GetRequiredValue(data), p.GetRequiredValue(output), p.GetRequiredValue(config), p.GetValue(minutes),
                p.GetValue(epochs), p.GetValue(resume), p.GetValue(seed), recipe, p.GetValue(startFrom));
            request.Resolve(); // refused before the progress line starts

            var line = new ProgressLine(context.Error, TimeSpan.FromSeconds(30));
            var progress = new ImmediateProgress<TrainingProgress>(t => line.Report(Describe(t)));
            var messages = new ImmediateProgress<string>(m => context.Error.WriteLine($"dx7 train: {m}"));
            var outcome = ModelTraining.Run(request, progress, messages, context.Cancellation);
            line.Done();
            context.Error.WriteLine(outcome.Cancelled
                ? $"dx7 train: stopped at step {outcome.State.Step}; saved {outcome.ModelFolder} (continue with --resume)."
                : $"dx7 train: done at step {outcome.State.Step}, epoch {outcome.State.Epoch}; model in {outcome.ModelFolder}.");
            return 0; // a signal's exit code (130, 143) is set by CommandAction
        }, grace: TimeSpan.FromSeconds(30)); // time to finish the step and save the model and a checkpoint

        return command;
    }

    private static string Describe(TrainingProgress t) => string.Create(CultureInfo.InvariantCulture,
        $"step {t.Step} | epoch {t.Epoch} | {t.SamplesPerSecond:0} samples/s | loss {t.Loss:0.000} | acc {t.Accuracy:0.000} | KL {t.Kl:0.0} (w {t.KlWeight:0.000}) | lr {t.LearningRate:0.0e0} | {Clock(t.Elapsed)} | ETA {(t.Remaining is TimeSpan r ? Clock(r) : "?")}");

    private static string Clock(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
