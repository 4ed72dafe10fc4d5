using System.Diagnostics;

namespace NeuralDx7.Application.Benchmarks;

/// <summary>
/// The measuring loop every benchmark shares: warm up until the JIT has compiled nothing new for half a second (with
/// both cores busy, tiering's background compiles lag, and a fixed warm-up leaves hot code at tier 0), then time
/// batches of runs for a while and take the median batch, which a noisy neighbour moves least.
/// </summary>
public static class Measurement
{
    /// <summary>Seconds per run: the median over batches of about 50 ms each, after the warm-up.</summary>
    public static double SecondsPerRun(Action work, double seconds = 1.0, int minimumBatches = 5, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var clock = Stopwatch.StartNew();
        int runs = 0;
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quiet = Stopwatch.StartNew();
        while ((clock.Elapsed.TotalSeconds < 1.0 || runs < 3 || quiet.Elapsed.TotalSeconds < 0.5) && clock.Elapsed.TotalSeconds < 10)
        {
            cancellation.ThrowIfCancellationRequested();
            work();
            runs++;
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quiet.Restart();
            }
        }

        int perBatch = Math.Max(1, (int)(runs * 0.05 / clock.Elapsed.TotalSeconds));
        var batches = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || batches.Count < minimumBatches)
        {
            cancellation.ThrowIfCancellationRequested();
            var batch = Stopwatch.StartNew();
            for (int i = 0; i < perBatch; i++)
            {
                work();
            }

            batches.Add(batch.Elapsed.TotalSeconds / perBatch);
        }

        batches.Sort();
        return batches[batches.Count / 2];
    }
}
