using System.CommandLine;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;
using NeuralDx7.Synth;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 render cart.syx --out preview/</c>: hear voices before loading a synth, as 16-bit WAV files.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("voices") { Description = "A cartridge or voice file (every voice), or file:index (one voice)." };
        var output = new Option<string>("--out", "-o") { Description = "A folder (voice00.wav, voice01.wav, ...) or, for one voice, a .wav file.", Required = true };
        var note = new Option<int>("--note") { Description = "MIDI key to play (60 is middle C).", DefaultValueFactory = _ => 60 };
        var velocity = new Option<int>("--velocity") { Description = "MIDI velocity 1-127.", DefaultValueFactory = _ => 100 };
        var hold = new Option<double>("--hold") { Description = "Seconds the key is held.", DefaultValueFactory = _ => 1.0 };
        var release = new Option<double>("--release") { Description = "Seconds rendered after the key goes up.", DefaultValueFactory = _ => 1.0 };
        var rate = new Option<int>("--rate") { Description = "Sample rate in Hz.", DefaultValueFactory = _ => 44100 };
        var force = CommandAction.ForceOption();
        var command = new Command("render", "Render voices to WAV files with the built-in DX7 engine.") { input, output, note, velocity, hold, release, rate, force };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var voices = VoiceReference.ReadVoices(p.GetRequiredValue(input)).Voices;
            var options = new AuditionOptions
            {
                Note = p.GetValue(note),
                Velocity = p.GetValue(velocity),
                HoldSeconds = p.GetValue(hold),
                ReleaseSeconds = p.GetValue(release),
                SampleRate = p.GetValue(rate),
            };
            var plan = AudioExport.Plan(voices, p.GetRequiredValue(output));
            var line = new ProgressLine(context.Error);
            AudioExport.Write(plan, options, p.GetValue(force), new ImmediateProgress<int>(done => line.Report($"render: {done}/{plan.Count} voices")), context.Cancellation);
            line.Done();
            context.Error.WriteLine(plan.Count == 1
                ? $"dx7: wrote '{plan[0].Voice.Name}' to {plan[0].Path}"
                : $"dx7: wrote {plan.Count} WAV files to {Path.GetDirectoryName(plan[0].Path)}");
            return 0;
        });
        return command;
    }
}
