using NeuralDx7.Codec;
using NeuralDx7.Model;
using NeuralDx7.Validation;

namespace NeuralDx7.Tests.Cli;

/// <summary>A smoke test of the model that ships in models/dx7-vae: the README's main command, end to end.</summary>
public sealed class ShippedModelTests
{
    [Fact]
    public void Cart_new_with_the_shipped_model_writes_32_valid_distinct_voices_that_the_seed_decides()
    {
        Assert.NotNull(TrainedModel.FindShipped());
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run("cart", "new", "--seed", "1", "--out", temp.File("one.syx"));
        Assert.True(code == 0, error);
        Assert.Contains("Algorithm", output);

        var voices = Dx7Reader.ReadFile(temp.File("one.syx")).Voices.Select(v => v.Voice).ToList();
        Assert.Equal(32, voices.Count);
        Assert.All(voices, v => Assert.Empty(VoiceValidation.FindViolations(v)));
        Assert.True(voices.Select(v => v.SoundFingerprint).Distinct().Count() >= 30, "the voices of a cart differ");

        Assert.Equal(0, CliRunner.Run("cart", "new", "--seed", "1", "--out", temp.File("again.syx")).ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("one.syx")), File.ReadAllBytes(temp.File("again.syx")));
        Assert.Equal(0, CliRunner.Run("cart", "new", "--seed", "2", "--out", temp.File("two.syx")).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(temp.File("one.syx")), File.ReadAllBytes(temp.File("two.syx")));
    }

    [Fact]
    public void Cart_new_by_category_draws_with_the_model_the_shipped_folder_keeps_for_categories()
    {
        string companion = Path.Combine(TrainedModel.FindShipped()!, NeuralDx7.Application.ModelFolder.CategoryModelFolder);
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("cart", "new", "--category", "bass", "--seed", "2", "--out", temp.File("basses.syx"));
        Assert.True(code == 0, error);
        Assert.Contains("bass (spread 1)", error);
        Assert.Equal(0, CliRunner.Run("cart", "new", "--model", companion, "--category", "bass", "--seed", "2", "--out", temp.File("companion.syx")).ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("companion.syx")), File.ReadAllBytes(temp.File("basses.syx")));

        // Every other cart is the shipped folder's own model's.
        Assert.Equal(0, CliRunner.Run("cart", "new", "--seed", "2", "--out", temp.File("plain.syx")).ExitCode);
        Assert.Equal(0, CliRunner.Run("cart", "new", "--model", companion, "--seed", "2", "--out", temp.File("plain-companion.syx")).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(temp.File("plain-companion.syx")), File.ReadAllBytes(temp.File("plain.syx")));
    }
}
