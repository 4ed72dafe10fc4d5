// Usage: dotnet run -c Release --project tests/reference/SplitStops -- ../shared/corpus/dexed-cart-1.0 models/dx7-vae
// Every real voice auditioned as dx7 eval --audio auditions them (middle C, 1 s held, 1 s released); held-out splits
// without the voices the model trained on, as eval scores them. Cartridges are grouped by the file a voice came from.
using NeuralDx7.Application;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Corpus;
using NeuralDx7.Synth;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: SplitStops <corpus folder or data set> <model folder>");
    return 2;
}

var dataset = Dx7Dataset.Open(args[0]);
var trained = ModelFolder.Open(args[1]).Trained.TrainingVoices;
var options = AudioEvaluation.Audition;
int held = options.SampleCounts.Hold;
var voices = dataset.Voices.Where(v => v.Split == DatasetSplit.Train || !trained.Contains(v.Voice.SoundFingerprint)).ToArray();
var stops = new bool[voices.Length];
Parallel.For(0, voices.Length, i => stops[i] = AuditionVerdict.Of(AuditionRenderer.Render(voices[i].Voice, options), options.SampleRate, held).Stops);
var random = new Random(7);

foreach (var split in new[] { DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test })
{
    var carts = Cartridges(Enumerable.Range(0, voices.Length).Where(i => voices[i].Split == split));
    var resampled = Quantiles(2000, () => Rate(Enumerable.Range(0, carts.Length).Select(_ => carts[random.Next(carts.Length)])));
    Console.WriteLine($"{split}: {carts.Sum(c => c.Voices)} voices in {carts.Length} cartridges stop {Rate(carts):P1}; "
        + $"its cartridges resampled, 95% of rates within {resampled.Low:P1}-{resampled.High:P1}");
}

// How often a split of as many cartridges as the test split's, drawn from all of them, stops as often.
var all = Cartridges(Enumerable.Range(0, voices.Length));
var test = Cartridges(Enumerable.Range(0, voices.Length).Where(i => voices[i].Split == DatasetSplit.Test));
int testCarts = test.Length;
double testRate = Rate(test);
const int Trials = 20_000;
int asHigh = 0;
for (int t = 0; t < Trials; t++)
{
    asHigh += Rate(all.OrderBy(_ => random.Next()).Take(testCarts)) >= testRate ? 1 : 0;
}

Console.WriteLine($"All: {voices.Length} voices in {all.Length} cartridges stop {Rate(all):P1}; "
    + $"{asHigh / (double)Trials:P2} of {Trials} random splits of {testCarts} cartridges stop at least {testRate:P1}, as the test split does");
return 0;

(int Voices, int Stopping)[] Cartridges(IEnumerable<int> indices) =>
    [.. indices.GroupBy(i => voices[i].Provenance[0].File).Select(g => (g.Count(), g.Count(i => stops[i])))];

static double Rate(IEnumerable<(int Voices, int Stopping)> carts)
{
    int n = 0, s = 0;
    foreach (var (voices, stopping) in carts)
    {
        n += voices;
        s += stopping;
    }

    return s / (double)n;
}

static (double Low, double High) Quantiles(int draws, Func<double> draw)
{
    var rates = Enumerable.Range(0, draws).Select(_ => draw()).Order().ToArray();
    return (rates[(int)(0.025 * draws)], rates[(int)(0.975 * draws) - 1]);
}
