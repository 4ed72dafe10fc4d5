using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Matching;

/// <summary>
/// The synth a search listens through. The voice found is the one that sounds like the target on that synth: engines
/// render the same voice differently enough that a voice refined by one ear fits that engine's own detail.
/// </summary>
public enum Ear
{
    /// <summary>Our DX7 engine: fast, on every core.</summary>
    Ours,

    /// <summary>Debian's hexter plugin, in-process, one render at a time.</summary>
    Hexter,
}

public static class Ears
{
    public static Func<Dx7Voice, AuditionOptions, float[]> Renderer(Ear ear) => ear == Ear.Hexter ? Synth.Hexter.Render : AuditionRenderer.Render;

    /// <summary>Refuses an ear this machine does not have.</summary>
    public static void Check(Ear ear)
    {
        if (ear == Ear.Hexter && !Synth.Hexter.IsInstalled)
        {
            throw new InvalidRequestException(nameof(Ear), $"hexter needs Debian's hexter plugin ({Synth.Hexter.PluginPath}): apt-get install hexter.");
        }
    }
}
