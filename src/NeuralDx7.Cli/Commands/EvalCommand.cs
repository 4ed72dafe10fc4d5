using System.CommandLine;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Corpus;
using NeuralDx7.Model;
using NeuralDx7.Model.Evaluation;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 eval --model &lt;dir&gt; --data &lt;data&gt;</c>: held-out figures beside the two baselines.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = ModelArguments.Model();
        var data = new Option<string>("--data") { Description = "A folder, a cartridge file, or a data set; voices the model trained on are left out.", Required = true };
        var samples = new Option<int>("--samples") { Description = "Posterior samples per voice for the ELBO.", DefaultValueFactory = _ => 4 };
        var json = CommandAction.JsonOption();
        var command = new Command("eval", "Score a model on voices it has not seen: accuracy, negative ELBO, KL, and two baselines.") { model, data, samples, json };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var trained = ModelArguments.Load(p.GetValue(model));
            string folder = p.GetValue(model) ?? TrainedModel.FindShipped()!;
            string marginalsPath = Path.Combine(folder, Marginals.FileName);
            var marginals = File.Exists(marginalsPath) ? Marginals.Load(marginalsPath) : null;
            var voices = Dx7Dataset.Open(p.GetRequiredValue(data)).Voices.Select(v => v.Voice).ToList();
            var line = new ProgressLine(context.Error);
            var result = Evaluator.Evaluate(trained, marginals, voices, p.GetValue(samples),
                progress: new ImmediateProgress<(int Done, int Total)>(x => line.Report($"eval: {x.Done}/{x.Total} voices")), cancellation: context.Cancellation);
            line.Done();
            if (p.GetValue(json))
            {
                Json.Write(context.Output, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("voices", result.Voices);
                    w.WriteNumber("excluded", result.Excluded);
                    w.WriteNumber("posteriorSamples", result.PosteriorSamples);
                    w.WriteNumber("accuracy", Math.Round(result.Accuracy, 5));
                    w.WriteNumber("nll", Math.Round(result.Nll, 3));
                    w.WriteNumber("reconstruction", Math.Round(result.Reconstruction, 3));
                    w.WriteNumber("kl", Math.Round(result.Kl, 3));
                    w.WriteNumber("baselineUniformNll", Math.Round(result.BaselineUniformNll, 3));
                    w.WriteNumber("baselineUniformAccuracy", Math.Round(result.BaselineUniformAccuracy, 5));
                    if (!double.IsNaN(result.BaselineMarginalNll))
                    {
                        w.WriteNumber("baselineMarginalNll", Math.Round(result.BaselineMarginalNll, 3));
                        w.WriteNumber("baselineMarginalAccuracy", Math.Round(result.BaselineMarginalAccuracy, 5));
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                var table = new Table("Scored by", "nats per voice", "accuracy");
                table.Add("this model (negative ELBO)", F(result.Nll), F(result.Accuracy * 100) + "%");
                table.Add("uniform over valid values", F(result.BaselineUniformNll), F(result.BaselineUniformAccuracy * 100) + "%");
                table.Add("training-set marginals", F(result.BaselineMarginalNll), F(result.BaselineMarginalAccuracy * 100) + "%");
                context.Output.WriteLine($"{result.Voices} held-out voices ({result.Excluded} left out as seen in training); KL {F(result.Kl)} nats");
                table.WriteTo(context.Output);
            }

            return 0;
        });
        return command;
    }

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
