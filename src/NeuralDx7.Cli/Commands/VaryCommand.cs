using System.CommandLine;
using NeuralDx7.Application.Generation;
using NeuralDx7.Codec;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 vary a.syx:3 --out x.syx</c>: variations of one voice, sampled around its posterior.</summary>
internal static class VaryCommand
{
    public static Command Create()
    {
        var defaults = new VariationRequest();
        var voice = new Argument<string>("voice") { Description = "The voice to vary, file:index." };
        var count = new Option<int>("--count") { Description = "How many variations (1-4096).", DefaultValueFactory = _ => defaults.Count };
        var spread = new Option<double>("--spread") { Description = "How far from the voice, in posterior standard deviations (0-10).", DefaultValueFactory = _ => defaults.Spread };
        var seed = ModelArguments.Seed();
        var temperature = ModelArguments.Temperature(VariationRequest.DefaultTemperature);
        var model = ModelArguments.Model();
        var output = ModelArguments.Out(required: true);
        var force = CommandAction.ForceOption();
        var command = new Command("vary", "Variations of a voice, sampled around where the encoder puts it.") { voice, count, spread, seed, temperature, model, output, force };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var request = new VariationRequest(p.GetValue(count), p.GetValue(spread), p.GetValue(temperature), p.GetValue(seed));
            request.Validate();
            var original = VoiceReference.Parse(p.GetRequiredValue(voice)).Resolve();
            var result = LatentMoves.Vary(ModelArguments.Open(p.GetValue(model)), original, request);
            string path = p.GetRequiredValue(output);
            Dx7File.Write(path, result.Voices, Dx7File.FormatFromExtension(path), overwrite: p.GetValue(force));
            context.Error.WriteLine($"dx7: wrote {result.Voices.Count} variations of '{original.Name}' to {path} (seed {result.Seed})");
            return 0;
        });
        return command;
    }
}
