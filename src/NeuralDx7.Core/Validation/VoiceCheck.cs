using NeuralDx7.Voice;

namespace NeuralDx7.Validation;

/// <summary>The validation of one voice: is it within every range, and if not, where not.</summary>
public sealed record VoiceCheck(Dx7Voice Voice, IReadOnlyList<ParameterViolation> Violations)
{
    public string Name => Voice.Name;

    public string? Source => Voice.Source;

    public int? Index => Voice.Index;

    public bool IsValid => Violations.Count == 0;

    public static VoiceCheck Of(Dx7Voice voice) => new(voice, VoiceValidation.FindViolations(voice));
}

/// <summary>A voice brought into range: the original, the repaired voice, and every change.</summary>
public sealed record VoiceRepair(Dx7Voice Original, Dx7Voice Voice, IReadOnlyList<ParameterRepair> Changes)
{
    public string Name => Voice.Name;

    public string? Source => Voice.Source;

    public int? Index => Voice.Index;

    public bool Changed => Changes.Count > 0;

    public static VoiceRepair Of(Dx7Voice voice)
    {
        var (repaired, changes) = VoiceValidation.Clamp(voice);
        return new VoiceRepair(voice, repaired, changes);
    }
}
