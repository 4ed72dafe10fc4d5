using NeuralDx7.Nn;
using NeuralDx7.Voice;

namespace NeuralDx7.Matching;

/// <summary>The evolution strategy's step: a child of a voice, for what the decoder cannot reach.</summary>
internal static class ParameterMutation
{
    private const int MaxChanges = 4;
    private const double SmallStepShare = 0.7;  // of the changes, a step near the value; the rest land anywhere in range
    private const int StepsPerRange = 12;       // a small step moves at most a twelfth of the parameter's range

    // One to four of the 145 sound parameters moved: mostly a small step, sometimes anywhere in the range.
    public static Dx7Voice Mutate(Dx7Voice parent, SeededRandom random)
    {
        var voice = parent;
        int changes = 1;
        while (changes < MaxChanges && random.NextDouble() < 0.5)
        {
            changes++;
        }

        for (int c = 0; c < changes; c++)
        {
            var parameter = Dx7Parameters.All[random.NextInt(Dx7Parameters.SoundCount)];
            int value = voice[parameter];
            int span = parameter.Max - parameter.Min;
            int next = random.NextDouble() < SmallStepShare
                ? value + ((random.NextInt(2) * 2) - 1) * (1 + random.NextInt(Math.Max(1, span / StepsPerRange)))
                : parameter.Min + random.NextInt(span + 1);
            voice = voice.With(parameter.Index, Math.Clamp(next, parameter.Min, parameter.Max));
        }

        return voice;
    }
}
