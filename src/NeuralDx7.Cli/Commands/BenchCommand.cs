using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Corpus;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 bench ...</c>: the project's own speed measurements, for BENCHMARKS.md and for anyone's machine.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed on this machine (figures for BENCHMARKS.md).");
        bench.Subcommands.Add(Dataset());
        return bench;
    }

    private static Command Dataset()
    {
        var data = new Option<string>("--data") { Description = "A data set file made by 'dx7 import'.", Required = true };
        var runs = new Option<int>("--runs") { Description = "How many loads to time.", DefaultValueFactory = _ => 20 };
        var json = CommandAction.JsonOption();
        var command = new Command("dataset", "Time loading a data set file.") { data, runs, json };
        CommandAction.Set(command, context =>
        {
            string path = context.Parse.GetRequiredValue(data);
            int count = Math.Max(1, context.Parse.GetValue(runs));
            var first = Stopwatch.StartNew();
            var dataset = Dx7Dataset.Load(path); // the first load includes JIT, as a user's first load does
            double firstMs = first.Elapsed.TotalMilliseconds;
            var times = new double[count];
            for (int i = 0; i < count; i++)
            {
                var clock = Stopwatch.StartNew();
                Dx7Dataset.Load(path);
                times[i] = clock.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            double median = times[count / 2];
            if (context.Parse.GetValue(json))
            {
                Json.Write(context.Output, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("voices", dataset.Voices.Count);
                    w.WriteNumber("firstLoadMs", Math.Round(firstMs, 2));
                    w.WriteNumber("medianLoadMs", Math.Round(median, 2));
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{dataset.Voices.Count} voices: first load {firstMs:0.0} ms, then median {median:0.0} ms over {count} loads"));
            }

            return 0;
        });
        return command;
    }
}
