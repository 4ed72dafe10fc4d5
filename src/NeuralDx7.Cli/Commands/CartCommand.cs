using System.CommandLine;
using System.Globalization;
using NeuralDx7.Application.Generation;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;
using NeuralDx7.Voice;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 cart new</c>: 32 new voices from the model, screened by ear, as one bulk dump.</summary>
internal static class CartCommand
{
    public static Command Create()
    {
        var cart = new Command("cart", "Make cartridges with the model.");
        var model = ModelArguments.Model();
        var seed = ModelArguments.Seed();
        var temperature = ModelArguments.Temperature(GenerationRequest.DefaultTemperature);
        var prior = ModelArguments.Prior();
        var noScreen = new Option<bool>("--no-screen") { Description = "Keep every voice as drawn, silent ones too (by default each is auditioned and silent or broken ones drawn again)." };
        var output = ModelArguments.Out(required: false);
        var channel = new Option<int>("--channel") { Description = "MIDI channel 1-16 of the bulk dump.", DefaultValueFactory = _ => 1 };
        var force = CommandAction.ForceOption();
        var create = new Command("new", "32 new voices sampled from the model, written as a 32-voice bulk dump.")
        {
            model, seed, temperature, prior, noScreen, output, channel, force,
        };
        CommandAction.Set(create, context =>
        {
            var p = context.Parse;
            var request = new GenerationRequest(Dx7Cartridge.VoiceCount, p.GetValue(seed), p.GetValue(temperature), p.GetValue(prior), !p.GetValue(noScreen));
            request.Validate();
            var result = CartGeneration.Generate(ModelArguments.Open(p.GetValue(model)), request, context.Cancellation);
            string path = p.GetValue(output) ?? $"cart-{result.Seed}.syx";
            Dx7File.Write(path, result.Voices, Dx7File.FormatFromExtension(path), p.GetValue(channel), p.GetValue(force));
            var table = new Table("Index", "Name", "Algorithm", "Feedback", "Transpose");
            for (int i = 0; i < result.Voices.Count; i++)
            {
                var v = result.Voices[i];
                table.Add(i.ToString(CultureInfo.InvariantCulture), v.Name, v.Algorithm.ToString(CultureInfo.InvariantCulture),
                    v.Feedback.ToString(CultureInfo.InvariantCulture), v.TransposeNote);
            }

            table.WriteTo(context.Output);
            string screened = result.Screening is { } s
                ? s.FirstDrawUnusable == 0 ? "; every voice sounds" : $"; {s.FirstDrawUnusable} silent or broken voice(s) drawn again{(s.Unusable > 0 ? $", {s.Unusable} still silent" : "")}"
                : "; not screened";
            context.Error.WriteLine($"dx7: wrote {result.Voices.Count} new voices to {path} (seed {result.Seed}, {result.Prior?.ToString().ToLowerInvariant()} prior{screened})");
            return 0;
        });
        cart.Subcommands.Add(create);
        return cart;
    }
}
