using System.CommandLine;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 cart new</c>: 32 new voices from the model's prior, as one bulk dump.</summary>
internal static class CartCommand
{
    public const double DefaultTemperature = 0;

    public static Command Create()
    {
        var cart = new Command("cart", "Make cartridges with the model.");
        var model = ModelArguments.Model();
        var seed = ModelArguments.Seed();
        var temperature = ModelArguments.Temperature(DefaultTemperature);
        var output = ModelArguments.Out(required: false);
        var channel = new Option<int>("--channel") { Description = "MIDI channel 1-16 of the bulk dump.", DefaultValueFactory = _ => 1 };
        var force = CommandAction.ForceOption();
        var create = new Command("new", "32 new voices sampled from the model, written as a 32-voice bulk dump.") { model, seed, temperature, output, channel, force };
        CommandAction.Set(create, context =>
        {
            var p = context.Parse;
            ulong s = ModelArguments.SeedOrRandom(p.GetValue(seed));
            string path = p.GetValue(output) ?? $"cart-{s}.syx";
            var generator = new VoiceGenerator(ModelArguments.Load(p.GetValue(model)).Model);
            var voices = generator.Sample(Dx7Cartridge.VoiceCount, s, p.GetValue(temperature));
            Dx7File.Write(path, voices, Dx7File.FormatFromExtension(path), p.GetValue(channel), p.GetValue(force));
            var table = new Table("Index", "Name", "Algorithm", "Feedback", "Transpose");
            for (int i = 0; i < voices.Count; i++)
            {
                table.Add(i.ToString(CultureInfo.InvariantCulture), voices[i].Name, voices[i].Algorithm.ToString(CultureInfo.InvariantCulture),
                    voices[i].Feedback.ToString(CultureInfo.InvariantCulture), voices[i].TransposeNote);
            }

            table.WriteTo(context.Output);
            context.Error.WriteLine($"dx7: wrote 32 new voices to {path} (seed {s})");
            return 0;
        });
        cart.Subcommands.Add(create);
        return cart;
    }
}
