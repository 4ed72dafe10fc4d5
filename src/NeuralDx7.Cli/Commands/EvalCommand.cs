using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Cli.Output;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 eval --data &lt;data&gt; [--audio]</c>: held-out figures beside the two baselines, and how generated voices sound.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var defaults = new EvaluationRequest("");
        var model = ModelArguments.Model();
        var data = new Option<string>("--data") { Description = "A data set from 'dx7 import', or a folder or cartridge file (imported with the default split).", Required = true };
        var split = new Option<HeldOutSplit>("--split")
        {
            Description = "test (default: cartridges never trained or chosen on), validation, or unseen (every voice not trained on: another collection).",
            DefaultValueFactory = _ => defaults.Split,
            CustomParser = result => CommandAction.NamedValue(result, defaults.Split),
        };
        var samples = new Option<int>("--posterior-samples", "--samples") { Description = "Posterior samples per voice for the ELBO (1-256).", DefaultValueFactory = _ => defaults.PosteriorSamples };
        var audio = new Option<bool>("--audio") { Description = "Also audition generated and held-out voices with the DX7 engine: sounds, stops, clipped, Fréchet distance." };
        var audioSamples = new Option<int>("--audio-samples") { Description = "Voices in each audio set (at most half the held-out voices).", DefaultValueFactory = _ => defaults.AudioSamples };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the posterior samples and the generated voices.", DefaultValueFactory = _ => defaults.Seed };
        var temperature = ModelArguments.Temperature(Application.Generation.GenerationRequest.DefaultTemperature);
        var topP = ModelArguments.TopP();
        var scale = ModelArguments.TemperatureScale();
        var prior = ModelArguments.Prior();
        var ear = ModelArguments.Ear("With --audio, the synth every set is auditioned through: ours (default) or hexter (Debian's DX7 plugin, an emulator this project did not write, when installed).");
        var json = CommandAction.JsonOption();
        var command = new Command("eval", "Score a model on voices it has not seen: accuracy, negative ELBO, KL, two baselines, and with --audio how its voices sound.")
        {
            model, data, split, samples, audio, audioSamples, seed, temperature, topP, scale, prior, ear, json,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var request = new EvaluationRequest(p.GetRequiredValue(data), p.GetValue(split), p.GetValue(samples), p.GetValue(audio),
                p.GetValue(audioSamples), p.GetValue(seed), p.GetValue(temperature), p.GetValue(prior), p.GetValue(topP), ModelArguments.Scale(p.GetValue(scale)), p.GetValue(ear));
            request.Validate();
            var line = new ProgressLine(context.Error);
            var result = ModelEvaluation.Run(ModelArguments.Open(p.GetValue(model)), request,
                new ImmediateProgress<(string Stage, int Done, int Total)>(x => line.Report($"eval: {x.Stage} {x.Done}/{x.Total}")), context.Cancellation);
            line.Done();
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, result, CliJson.Default.ModelEvaluationResult);
                return 0;
            }

            var s = result.Scores;
            context.Output.WriteLine($"{s.Voices} held-out voices of the {result.Split} split ({s.Excluded} left out as seen in training); KL {F(s.Kl)} nats");
            var table = new Table("Scored by", "nats per voice", "accuracy");
            table.Add("this model (negative ELBO)", F(s.Nll), P(s.Accuracy));
            if (result.Novel is { } novel && result.NovelVoices < s.Voices)
            {
                table.Add($"  on the {result.NovelVoices} with no training voice within {result.NearCopyDistance} parameters", F(novel.Nll), P(novel.Accuracy));
            }

            table.Add("uniform over valid values", F(s.BaselineUniformNll), P(s.BaselineUniformAccuracy));
            table.Add("training-set marginals", s.BaselineMarginalNll is double m ? F(m) : "(no marginals)", s.BaselineMarginalAccuracy is double a ? P(a) : "");
            table.WriteTo(context.Output);
            if (result.Audio is { } heard)
            {
                context.Output.WriteLine();
                context.Output.WriteLine($"Auditioned by {EarName(heard.Ear)}, {heard.Samples} voices each (middle C, velocity 100, 1 s held, 1 s released; {heard.Prior.ToString().ToLowerInvariant()} prior; temperature scale {heard.TemperatureScale}):");
                var sound = new Table("Voices", "sound", "stop", "clip", "Fréchet distance");
                void Row(string name, SoundFigures f) => sound.Add(name, P(f.Sounds), P(f.Stops), P(f.Clipped), F(f.Fd));
                sound.Add("real held-out voices (the reference)", P(heard.Real.Sounds), P(heard.Real.Stops), P(heard.Real.Clipped), "");
                Row("this model, as drawn", heard.Model);
                Row("this model, screened", heard.Screened);
                Row("other real voices (the floor)", heard.RealFloor);
                if (heard.Marginals is { } marginals)
                {
                    Row("training-set marginals", marginals);
                }

                if (heard.TrainingVoices is { } trainingVoices)
                {
                    Row("real training voices (a model that copied)", trainingVoices);
                }

                sound.WriteTo(context.Output);
            }

            return 0;
        });
        return command;
    }

    private static string EarName(NeuralDx7.Matching.Ear ear) => ear == NeuralDx7.Matching.Ear.Hexter ? "hexter" : "our DX7 engine";

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string P(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
