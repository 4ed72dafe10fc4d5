using System.Globalization;
using System.Text.Json;

namespace NeuralDx7.Model.Training;

/// <summary>The trainer's log lines and the run state kept beside each checkpoint.</summary>
public sealed partial class Trainer
{
    private sealed class MetricWindow
    {
        private int _count;
        private double _loss, _reconstruction, _accuracy, _kl, _klWeight, _lr;

        public int Count => _count;

        public void Add(StepTerms t)
        {
            _count++;
            _loss += t.Loss;
            _reconstruction += t.Reconstruction;
            _accuracy += t.Accuracy;
            _kl += t.Kl;
            _klWeight = t.KlWeight;
            _lr = t.LearningRate;
        }

        public string ToJson(TrainingState state, double rate)
        {
            double n = Math.Max(_count, 1);
            return JsonSerializer.Serialize(
                new TrainingLogLine("train", state.Step, state.Epoch, state.Samples, Math.Round(state.Seconds, 1), Math.Round(rate, 1),
                    Math.Round(_loss / n, 5), Math.Round(_reconstruction / n, 4), Math.Round(_accuracy / n, 5), Math.Round(_kl / n, 4),
                    Math.Round(_klWeight, 6), _lr),
                ModelJsonCompact.Default.TrainingLogLine);
        }
    }

    private static string WriteState(TrainingState s) => JsonSerializer.Serialize(
        new TrainingStateFile(s.Step, s.Epoch, s.Position, s.Samples, s.Seconds, s.EpochSeed.ToString(CultureInfo.InvariantCulture),
            [.. s.Random.Select(word => word.ToString(CultureInfo.InvariantCulture))]),
        ModelJsonCompact.Default.TrainingStateFile);

    private static TrainingState ReadState(string json, string checkpoint)
    {
        const string What = "a training run's position";
        try
        {
            var f = ModelJson.Read(json, ModelJsonCompact.Default.TrainingStateFile, What);
            return new TrainingState(
                ModelJson.Required(f.Step, "step", What), ModelJson.Required(f.Epoch, "epoch", What), ModelJson.Required(f.Position, "position", What),
                ModelJson.Required(f.Samples, "samples", What), ModelJson.Required(f.Seconds, "seconds", What),
                ulong.Parse(ModelJson.Required(f.EpochSeed, "epochSeed", What), CultureInfo.InvariantCulture),
                [.. ModelJson.Required(f.Random, "random", What).Select(word => ulong.Parse(word, CultureInfo.InvariantCulture))]);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or OverflowException or ArgumentNullException)
        {
            throw new InvalidDataException($"{checkpoint}: the run's saved position is damaged ({e.Message}); train again into another folder.", e);
        }
    }
}
