using System.Text.Json;
using NeuralDx7.IO;
using NeuralDx7.Voice;

namespace NeuralDx7.Model.Evaluation;

/// <summary>
/// How often each value of each parameter occurs in a set of voices: the independent per-parameter baseline
/// a model has to beat. Probabilities are add-one smoothed over each parameter's valid values, so a value
/// the training set never showed still has a finite cost.
/// </summary>
public sealed class Marginals
{
    public const string FileName = "training-marginals.json";

    private readonly int[] _counts; // [155 x 128]

    private Marginals(int[] counts, int voices)
    {
        _counts = counts;
        Voices = voices;
    }

    public int Voices { get; }

    public static Marginals Count(IEnumerable<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        var counts = new int[ModelConfig.Positions * ModelConfig.Vocabulary];
        int n = 0;
        foreach (var voice in voices)
        {
            n++;
            var p = voice.Parameters;
            for (int i = 0; i < p.Length; i++)
            {
                counts[(i * ModelConfig.Vocabulary) + p[i]]++;
            }
        }

        return new Marginals(counts, n);
    }

    /// <summary>-log P(value) of one parameter under the smoothed marginal, in nats.</summary>
    public double Cost(Dx7Parameter parameter, int value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        int count = _counts[(parameter.Index * ModelConfig.Vocabulary) + value];
        return -Math.Log((count + 1.0) / (Voices + parameter.Cardinality));
    }

    /// <summary>
    /// A voice whose every parameter is drawn on its own from the (unsmoothed) training frequencies: the baseline that
    /// knows how often each value occurs, but nothing of how parameters go together.
    /// </summary>
    public Dx7Voice Sample(Nn.SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var parameters = new byte[ModelConfig.Positions];
        foreach (var parameter in Dx7Parameters.All)
        {
            var row = _counts.AsSpan(parameter.Index * ModelConfig.Vocabulary, ModelConfig.Vocabulary);
            long u = (long)(random.NextDouble() * Voices);
            int value = parameter.Min;
            for (int v = parameter.Min; v <= parameter.Max; v++)
            {
                u -= row[v];
                if (u < 0)
                {
                    value = v;
                    break;
                }
            }

            parameters[parameter.Index] = (byte)value;
        }

        return Dx7Voice.FromParameters(parameters);
    }

    /// <summary>The most frequent value of a parameter.</summary>
    public int Mode(Dx7Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var row = _counts.AsSpan(parameter.Index * ModelConfig.Vocabulary, ModelConfig.Vocabulary);
        int best = parameter.Min;
        for (int v = parameter.Min; v <= parameter.Max; v++)
        {
            if (row[v] > row[best])
            {
                best = v;
            }
        }

        return best;
    }

    public void Save(string path)
    {
        int[][] counts = [.. Dx7Parameters.All.Select(p => _counts.AsSpan((p.Index * ModelConfig.Vocabulary) + p.Min, p.Cardinality).ToArray())];
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(new MarginalsFile(Voices, counts), ModelJsonCompact.Default.MarginalsFile), overwrite: true);
    }

    public static Marginals Load(string path)
    {
        const string What = "a marginals file";
        try
        {
            var file = ModelJson.Read(IO.BoundedFile.ReadAllBytes(path, 16 * 1024 * 1024, What), ModelJsonCompact.Default.MarginalsFile, What);
            var rows = ModelJson.Required(file.Counts, "counts", What);
            if (rows.Length != Dx7Parameters.Count)
            {
                throw new InvalidDataException($"{rows.Length} parameters, not {Dx7Parameters.Count}");
            }

            var counts = new int[ModelConfig.Positions * ModelConfig.Vocabulary];
            foreach (var parameter in Dx7Parameters.All)
            {
                var values = rows[parameter.Index];
                if (values is null || values.Length != parameter.Cardinality || values.Any(v => v < 0))
                {
                    throw new InvalidDataException($"{parameter.Name} has {values?.Length ?? 0} counts, not {parameter.Cardinality}");
                }

                values.CopyTo(counts, (parameter.Index * ModelConfig.Vocabulary) + parameter.Min);
            }

            return new Marginals(counts, ModelJson.Required(file.Voices, "voices", What));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}.", e);
        }
    }
}
