using NeuralDx7.Codec;
using NeuralDx7.Model;
using NeuralDx7.Model.Training;
using NeuralDx7.Nn;
using NeuralDx7.Synth;

namespace NeuralDx7.Tests.Model;

public sealed class OperatorSymmetryTests
{
    [Fact]
    public void Each_algorithm_has_the_symmetries_its_graph_has()
    {
        Assert.Equal(120, OperatorSymmetry.Of(32).Count); // six carriers, the feedback on OP6: any order of OP1-OP5
        Assert.Equal(2, OperatorSymmetry.Of(5).Count);    // three pairs, the loop on the last: the first two swap
        Assert.Single(OperatorSymmetry.Of(1));            // two stacks of unequal height: none but the identity
        Assert.All(Enumerable.Range(1, 32), a => Assert.Empty(OperatorSymmetry.Of(a)[0]));
    }

    [CorpusFact]
    public void A_factory_voice_with_its_operators_renumbered_by_a_symmetry_sounds_the_same()
    {
        var options = AuditionOptions.Default with { HoldSeconds = 0.3, ReleaseSeconds = 0.2 };
        var random = new SeededRandom(11);
        int checkedVoices = 0;
        foreach (var voice in Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices.Select(v => v.Voice))
        {
            if (OperatorSymmetry.Of(voice.Algorithm).Count < 2)
            {
                continue;
            }

            var tokens = VoiceTokens.Encode([voice]);
            var original = AuditionRenderer.Render(voice, options);
            for (int trial = 0; trial < 4; trial++)
            {
                var permuted = (int[])tokens.Clone();
                OperatorSymmetry.Permute(permuted, random);
                var sound = AuditionRenderer.Render(VoiceTokens.Decode(permuted), options);
                double worst = original.Zip(sound, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(worst < 1e-4, $"{voice.Name} (algorithm {voice.Algorithm}) renumbered sounds {worst} of full scale apart");
            }

            checkedVoices++;
        }

        Assert.True(checkedVoices >= 5, $"only {checkedVoices} voices of ROM1A have a symmetry");
    }
}
