using System.CommandLine;
using NeuralDx7.Application.Generation;
using NeuralDx7.Codec;
using NeuralDx7.Model.Generation;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 interpolate a.syx:0 b.syx:5 --out x.syx</c>: a cart that moves from one voice to another.</summary>
internal static class InterpolateCommand
{
    public static Command Create()
    {
        var defaults = new InterpolationRequest();
        var from = new Argument<string>("from") { Description = "The first voice, file:index." };
        var to = new Argument<string>("to") { Description = "The last voice, file:index." };
        var steps = new Option<int>("--steps") { Description = "Voices along the way, both ends included (2-4096).", DefaultValueFactory = _ => defaults.Steps };
        var method = new Option<InterpolationMethod>("--method")
        {
            Description = "linear or slerp.", DefaultValueFactory = _ => defaults.Method, CustomParser = result => CommandAction.NamedValue(result, defaults.Method),
        };
        var temperature = ModelArguments.Temperature(InterpolationRequest.DefaultTemperature);
        var seed = ModelArguments.Seed();
        var model = ModelArguments.Model();
        var output = ModelArguments.Out(required: true);
        var force = CommandAction.ForceOption();
        var command = new Command("interpolate", "Move between two voices through the model's latent space, one voice per step.")
        {
            from, to, steps, method, temperature, seed, model, output, force,
        };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var request = new InterpolationRequest(p.GetValue(steps), p.GetValue(method), p.GetValue(temperature), p.GetValue(seed));
            request.Validate();
            var a = VoiceReference.Parse(p.GetRequiredValue(from)).Resolve();
            var b = VoiceReference.Parse(p.GetRequiredValue(to)).Resolve();
            var result = LatentMoves.Interpolate(ModelArguments.Open(p.GetValue(model)), a, b, request);
            string path = p.GetRequiredValue(output);
            Dx7File.Write(path, result.Voices, Dx7File.FormatFromExtension(path), overwrite: p.GetValue(force));
            context.Error.WriteLine($"dx7: wrote {result.Voices.Count} voices from '{a.Name}' to '{b.Name}' to {path}");
            return 0;
        });
        return command;
    }
}
