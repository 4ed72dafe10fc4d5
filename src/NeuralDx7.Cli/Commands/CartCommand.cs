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
        var topP = ModelArguments.TopP();
        var scale = ModelArguments.TemperatureScale();
        var prior = ModelArguments.Prior();
        var noScreen = new Option<bool>("--no-screen") { Description = "Keep every voice as drawn, silent ones too (by default each is auditioned and silent or broken ones drawn again)." };
        var output = ModelArguments.Out(required: false);
        var channel = new Option<int>("--channel") { Description = "MIDI channel 1-16 of the bulk dump.", DefaultValueFactory = _ => 1 };
        var force = CommandAction.ForceOption();
        var like = new Option<string[]>("--like")
        {
            Description = "Voices like these: a file (every voice of it) or file:i,j,k (those voices, from 0); repeatable. New voices are drawn around where the model puts them.",
            AllowMultipleArgumentsPerToken = false,
        };
        var spread = new Option<double?>("--spread")
        {
            Description = string.Create(CultureInfo.InvariantCulture,
                $"With --like or --category: how far around their voices to draw, in the model's own uncertainty about them (0-{GenerationRequest.MaxSpread}; default {GenerationRequest.DefaultSpread})."),
        };
        var category = ModelArguments.Category();
        var strength = ModelArguments.CategoryStrength();
        var pullLimit = ModelArguments.CategoryPullLimit();
        var latent = new Option<string[]>("--latent")
        {
            Description = "A voice from a latent: its numbers from 0 to 1, comma-separated (0.5 is the middle of where real voices are); repeatable, one voice each.",
        };
        var create = new Command("new", "32 new voices sampled from the model (or like given voices, of a category, or from latents), written as a bulk dump.")
        {
            model, seed, temperature, topP, scale, prior, noScreen, output, channel, force, like, spread, category, strength, pullLimit, latent,
        };
        CommandAction.Set(create, context =>
        {
            var p = context.Parse;
            var examples = p.GetValue(like) is { Length: > 0 } files ? files.SelectMany(VoiceReference.ReadSelection).ToList() : null;
            var latents = p.GetValue(latent) is { Length: > 0 } texts ? texts.Select(ParseLatent).ToList() : null;
            var request = new GenerationRequest(Dx7Cartridge.VoiceCount, p.GetValue(seed), p.GetValue(temperature), p.GetValue(prior), !p.GetValue(noScreen),
                examples, p.GetValue(spread), p.GetValue(category), latents, p.GetValue(topP), ModelArguments.Scale(p.GetValue(scale)),
                p.GetValue(strength), p.GetValue(pullLimit));
            request.Validate();
            var line = new ProgressLine(context.Error);
            var result = CartGeneration.Generate(ModelArguments.Open(p.GetValue(model)), request,
                new ImmediateProgress<(int Done, int Total)>(x => line.Report($"cart new: {x.Done}/{x.Total} voices kept")), context.Cancellation);
            line.Done();
            foreach (string warning in result.LeftOutWarnings)
            {
                context.Error.WriteLine($"dx7: warning: {warning}");
            }
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
            if (result.Screening is { FirstDrawOffCategory: > 0 } off)
            {
                screened += $"; {off.FirstDrawOffCategory} the model did not take for the kind drawn again{(off.OffCategory > 0 ? $", {off.OffCategory} still named as another kind" : "")}";
            }

            if (result.Screening is { FirstDrawCopies: > 0 } copied)
            {
                screened += $"; {copied.FirstDrawCopies} cop{(copied.FirstDrawCopies == 1 ? "y" : "ies")} of training voices drawn again{(copied.Copies > 0 ? $", {copied.Copies} still" : "")}";
            }

            context.Error.WriteLine($"dx7: wrote {result.Voices.Count} new voices to {path} (seed {result.Seed}, {result.Source}{screened})");
            return 0;
        });
        cart.Subcommands.Add(create);
        return cart;
    }

    /// <summary>"0.1,0.6,0.2" as numbers; the count and range are the request's to check.</summary>
    private static IReadOnlyList<double> ParseLatent(string text) =>
        [.. text.Split(',').Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double u) && double.IsFinite(u)
            ? u
            : throw new InvalidRequestException("Latent", $"must be numbers from 0 to 1 separated by commas (0.1,0.6,...), not '{text}'."))];
}
