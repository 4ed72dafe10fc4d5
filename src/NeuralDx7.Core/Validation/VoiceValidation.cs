using NeuralDx7.Voice;

namespace NeuralDx7.Validation;

/// <summary>What to do with a voice whose values leave their ranges.</summary>
public enum RepairPolicy
{
    /// <summary>Report the voice as invalid and leave it as it is.</summary>
    Reject,
    /// <summary>Clamp each value into its range and list every change.</summary>
    Clamp,
}

/// <summary>A parameter whose value is outside its range.</summary>
public sealed record ParameterViolation(Dx7Parameter Parameter, int Value)
{
    public override string ToString() => $"{Parameter.Name} = {Value}, outside {Parameter.Min}-{Parameter.Max}";
}

/// <summary>A value changed to bring a parameter into range.</summary>
public sealed record ParameterRepair(Dx7Parameter Parameter, int From, int To)
{
    public override string ToString() => $"{Parameter.Name}: {From} -> {To}";
}

/// <summary>Range checks and clamping, driven by the parameter table.</summary>
public static class VoiceValidation
{
    private static readonly IReadOnlyList<ParameterViolation> NoViolations = [];
    private static readonly IReadOnlyList<ParameterRepair> NoRepairs = [];

    /// <summary>Every parameter of the voice that is outside its range (empty for a valid voice).</summary>
    public static IReadOnlyList<ParameterViolation> FindViolations(Dx7Voice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        if (voice.IsValid)
        {
            return NoViolations;
        }

        var table = Dx7Parameters.All;
        var violations = new List<ParameterViolation>();
        var values = voice.Parameters;
        for (int i = 0; i < values.Length; i++)
        {
            if (!table[i].IsInRange(values[i]))
            {
                violations.Add(new ParameterViolation(table[i], values[i]));
            }
        }

        return violations;
    }

    /// <summary>The voice with every value clamped into range, and what changed.</summary>
    public static (Dx7Voice Voice, IReadOnlyList<ParameterRepair> Repairs) Clamp(Dx7Voice voice)
    {
        var violations = FindViolations(voice);
        if (violations.Count == 0)
        {
            return (voice, NoRepairs);
        }

        var repaired = voice;
        var repairs = new List<ParameterRepair>(violations.Count);
        foreach (var (parameter, value) in violations)
        {
            int to = parameter.Clamp(value);
            repaired = repaired.With(parameter.Index, to);
            repairs.Add(new ParameterRepair(parameter, value, to));
        }

        return (repaired, repairs);
    }
}

/// <summary>Raised when a voice cannot be written or sent as asked; names the voice and the parameter.</summary>
public sealed class InvalidVoiceException(int index, Dx7Voice voice, string problem)
    : Exception($"Voice {index} ('{voice.Name}'): {problem}")
{
    public int VoiceIndex { get; } = index;
}
