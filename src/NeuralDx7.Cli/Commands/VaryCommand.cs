using System.CommandLine;
using NeuralDx7.Codec;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 vary a.syx:3 --out x.syx</c>: variations of one voice, sampled around its posterior.</summary>
internal static class VaryCommand
{
    public static Command Create()
    {
        var voice = new Argument<string>("voice") { Description = "The voice to vary, file:index." };
        var count = new Option<int>("--count") { Description = "How many variations.", DefaultValueFactory = _ => 32 };
        var spread = new Option<double>("--spread") { Description = "How far from the voice, in posterior standard deviations.", DefaultValueFactory = _ => 1.0 };
        var seed = ModelArguments.Seed();
        var temperature = ModelArguments.Temperature(0);
        var model = ModelArguments.Model();
        var output = ModelArguments.Out(required: true);
        var force = CommandAction.ForceOption();
        var command = new Command("vary", "Variations of a voice, sampled around where the encoder puts it.") { voice, count, spread, seed, temperature, model, output, force };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var original = VoiceReference.Parse(p.GetRequiredValue(voice)).Resolve();
            ulong s = ModelArguments.SeedOrRandom(p.GetValue(seed));
            var generator = new VoiceGenerator(ModelArguments.Load(p.GetValue(model)).Model);
            var voices = generator.Vary(original, Math.Max(1, p.GetValue(count)), p.GetValue(spread), s, p.GetValue(temperature));
            string path = p.GetRequiredValue(output);
            Dx7File.Write(path, voices, Dx7File.FormatFromExtension(path), overwrite: p.GetValue(force));
            context.Error.WriteLine($"dx7: wrote {voices.Count} variations of '{original.Name}' to {path} (seed {s})");
            return 0;
        });
        return command;
    }
}
