using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Matching;
using NeuralDx7.Matching;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;
using NeuralDx7.Synth;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 match target.wav</c>: the DX7 voice that sounds like a recording; <c>dx7 train-matcher</c> trains its audio encoder.</summary>
internal static class MatchCommand
{
    public static Command Create()
    {
        var defaults = new MatchRequest("x");
        var target = new Argument<string>("target") { Description = "A WAV file of one note (16/24-bit integer or 32-bit float, mono or stereo, any common rate)." };
        var note = new Option<string>("--note") { Description = "auto (default: from the pitch) or the MIDI key the note was played at (60 is middle C).", DefaultValueFactory = _ => "auto" };
        var seconds = new Option<double>("--seconds") { Description = "Time the search may take.", DefaultValueFactory = _ => defaults.Seconds };
        var evaluations = new Option<int?>("--evaluations") { Description = "Voices the search may hear: with --seed, decides the voice found on any machine (default: as many as --seconds allows)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the search.", DefaultValueFactory = _ => defaults.Seed };
        var model = ModelArguments.Model();
        var library = new Option<string?>("--library") { Description = "The data the model was trained on (a folder, file or data set): the search first hears the training voices themselves, nearest the sound first, for up to 40% of its budget." };
        var ear = ModelArguments.Ear();
        var output = new Option<string?>("--out") { Description = "Write the voice found here (.syx: a single-voice message; or .mid)." };
        var render = new Option<string?>("--render") { Description = "Also write the voice found, played as the target was (through --ear), to this WAV file." };
        var force = CommandAction.ForceOption();
        var json = CommandAction.JsonOption();
        var command = new Command("match", "Find the DX7 voice that sounds like a recording: an audio encoder proposes, a search by ear finishes. Ctrl+C keeps the best so far.")
        {
            target, note, seconds, evaluations, seed, model, library, ear, output, render, force, json,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            string noteText = p.GetRequiredValue(note);
            int? key = noteText.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null
                : int.TryParse(noteText, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k
                : throw new NeuralDx7.InvalidRequestException("Note", $"must be auto or a MIDI key 0-127, not '{noteText}'.");
            var request = new MatchRequest(p.GetRequiredValue(target), key, p.GetValue(seconds), p.GetValue(evaluations), p.GetValue(seed), p.GetValue(library), p.GetValue(ear));
            request.Validate();
            var folder = ModelArguments.Open(p.GetValue(model));
            if (folder.AudioEncoder is null)
            {
                context.Error.WriteLine($"dx7: warning: {folder.Path} has no audio encoder; the search starts from the prior alone (train one with 'dx7 train-matcher').");
            }

            // Outputs are checked before the search, not after a minute of it.
            foreach (string target in new[] { p.GetValue(output), p.GetValue(render) }.OfType<string>())
            {
                NeuralDx7.IO.AtomicFile.CheckWritable(target, p.GetValue(force));
            }

            var line = new ProgressLine(context.Error);
            // Ctrl+C stops the search, not the command: the best voice so far is still written.
            using var searchStop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
            var result = VoiceMatching.Match(folder, request,
                new ImmediateProgress<SearchProgress>(x => line.Report(string.Create(CultureInfo.InvariantCulture,
                    $"match: {x.Phase}, {x.Evaluations} voices heard, distance {x.Distance:0.000}"))), searchStop.Token);
            line.Done();
            if (p.GetValue(output) is string path)
            {
                Dx7File.Write(path, [result.Voice], path.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) ? Dx7FileFormat.Smf : Dx7FileFormat.Single, overwrite: p.GetValue(force));
            }

            if (p.GetValue(render) is string wav)
            {
                WavFile.Write(wav, VoiceMatching.Render(result), AuditionOptions.Default.SampleRate, p.GetValue(force));
            }

            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, MatchSummary.Of(result), CliJson.Default.MatchSummary);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"'{result.Voice.Name.TrimEnd()}': algorithm {result.Voice.Algorithm}, distance {result.Distance:0.000} (the encoder's start: {result.StartDistance:0.000})"));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"played at key {result.Note}{(result.Hertz is double hz ? $" ({hz:0.0} Hz)" : "")}, held {result.HoldSeconds:0.00} s, released {result.ReleaseSeconds:0.00} s; {result.Evaluations} voices heard in {result.Seconds:0.0} s{(result.LibraryVoicesHeard > 0 ? $", {result.LibraryVoicesHeard} of them library voices as they are" : "")}{(result.Stopped ? " (stopped early: the best so far)" : "")}"));
            }

            return 0;
        }, grace: TimeSpan.FromSeconds(5)); // time to write the best voice so far
        return command;
    }

    public static Command Training()
    {
        var model = ModelArguments.Model();
        var data = new Option<string>("--data") { Description = "The data the model was trained on (data set, folder or file).", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the keys played and the network's training.", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the rendered training voices.", DefaultValueFactory = _ => new MatcherTrainingRequest("x").Epochs };
        var force = CommandAction.ForceOption();
        var json = CommandAction.JsonOption();
        var command = new Command("train-matcher", $"Train the audio encoder dx7 match starts from, on renders of the model's training voices; saves {AudioEncoder.FileName} in the model folder.")
        {
            model, data, seed, epochs, force, json,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var line = new ProgressLine(context.Error);
            var result = MatcherTraining.Train(ModelArguments.Open(p.GetValue(model)), new MatcherTrainingRequest(p.GetRequiredValue(data), p.GetValue(seed), p.GetValue(epochs), p.GetValue(force)),
                new ImmediateProgress<(string Stage, int Done, int Total)>(x => line.Report($"train-matcher: {x.Stage} {x.Done}/{x.Total}")), context.Cancellation);
            line.Done();
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, result, CliJson.Default.MatcherTrainingResult);
                return 0;
            }

            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.TrainVoices} training and {result.ValidationVoices} validation voices; latent error {result.TrainError:0.000} (train), {result.ValidationError:0.000} (validation), against a latent variance of {result.LatentVariance:0.000}"));
            context.Error.WriteLine($"dx7: wrote {result.Path}");
            return 0;
        });
        return command;
    }
}

/// <summary>dx7 match --json: the voice found and how it was found.</summary>
internal sealed record MatchSummary(
    string Name, int Algorithm, double Distance, double StartDistance, int Note, double? Hertz, double HoldSeconds, double ReleaseSeconds,
    int Evaluations, bool Stopped, double Seconds, bool UsedEncoder, int LibraryVoicesHeard, string Sysex)
{
    public static MatchSummary Of(MatchResult r) => new(r.Voice.Name.TrimEnd(), r.Voice.Algorithm, r.Distance, r.StartDistance, r.Note, r.Hertz,
        r.HoldSeconds, r.ReleaseSeconds, r.Evaluations, r.Stopped, r.Seconds, r.UsedEncoder, r.LibraryVoicesHeard, Convert.ToHexString(Dx7Writer.SingleVoice(r.Voice)));
}
