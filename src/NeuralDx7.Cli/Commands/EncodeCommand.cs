using System.CommandLine;
using System.Globalization;
using NeuralDx7.Cli.Output;
using NeuralDx7.Codec;

namespace NeuralDx7.Cli.Commands;

/// <summary><c>dx7 encode &lt;file&gt;</c>: where the encoder puts each voice (the original's features script).</summary>
internal static class EncodeCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A DX7 file." };
        var model = ModelArguments.Model();
        var json = CommandAction.JsonOption();
        var command = new Command("encode", "Posterior mean and standard deviation of each voice, and its decoder latent.") { file, model, json };
        CommandAction.Set(command, context =>
        {
            var p = context.Parse;
            var result = Dx7Reader.ReadFile(p.GetRequiredValue(file));
            if (!result.HasVoices)
            {
                throw new InvalidDataException(result.Issues.Count > 0 ? result.Issues[0].ToString() : "no voices");
            }

            var folder = ModelArguments.Open(p.GetValue(model));
            var codes = folder.Generator.Encode(result.Voices.Select(v => v.Voice).ToList());
            double[]? Unit(float[] latent) => Application.Generation.UnitLatent.Of(folder, latent);
            if (p.GetValue(json))
            {
                CliJson.Write(context.Output, [.. codes.Select((c, i) => new EncodedVoice(result.Voices[i].Index, result.Voices[i].Voice.Name, c.Mean, c.StandardDeviation, c.Latent, Unit(c.Latent)))],
                    CliJson.Default.IReadOnlyListEncodedVoice);
            }
            else
            {
                var table = new Table("Index", "Name", "Mean", "Std", "Unit (--latent)");
                for (int i = 0; i < codes.Count; i++)
                {
                    table.Add(result.Voices[i].Index.ToString(CultureInfo.InvariantCulture), result.Voices[i].Voice.Name,
                        string.Join(' ', codes[i].Mean.Select(x => x.ToString("+0.00;-0.00", CultureInfo.InvariantCulture))),
                        string.Join(' ', codes[i].StandardDeviation.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture))),
                        Unit(codes[i].Latent) is { } unit ? string.Join(',', unit.Select(u => u.ToString("0.###", CultureInfo.InvariantCulture))) : "-");
                }

                table.WriteTo(context.Output);
            }

            return 0;
        });
        return command;
    }
}
