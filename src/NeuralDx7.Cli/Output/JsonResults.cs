using NeuralDx7.Codec;

namespace NeuralDx7.Cli.Output;

// What each --json prints, as records the source-generated CliJson context serialises (camelCase names).

/// <summary>dx7 inspect --json: one per voice.</summary>
internal sealed record InspectedVoice(
    int Index, string Name, int Algorithm, int Feedback, int Transpose, string TransposeNote, string LfoWave, bool Valid, string Container, int Channel,
    IReadOnlyList<string> Violations, IReadOnlyList<string> Repairs);

/// <summary>dx7 validate --json.</summary>
internal sealed record ValidationReport(string Outcome, IReadOnlyList<ValidatedFile> Files);

internal sealed record ValidatedFile(string File, string Outcome, int Voices, int InvalidVoices, IReadOnlyList<ReportedIssue> Issues);

/// <summary>One reported issue: where it is (file, offset, voice, parameter) and what it is.</summary>
internal sealed record ReportedIssue(string Severity, string Kind, string File, long? Offset, int? Voice, string? Parameter, string Message)
{
    public static ReportedIssue Of(Dx7Issue issue) => new(issue.Severity.ToString().ToLowerInvariant(), issue.Kind.ToString(), issue.Source,
        issue.Offset >= 0 ? issue.Offset : null, issue.VoiceIndex, issue.Parameter, issue.Message);
}

/// <summary>dx7 encode --json: one per voice.</summary>
internal sealed record EncodedVoice(int Index, string Name, float[] Mean, float[] Std, float[] Latent, double[]? Unit);

/// <summary>dx7 categories --json.</summary>
internal sealed record CategoryList(IReadOnlyList<ListedCategory> Categories, int? Voices, int? Labelled, double? Coverage);

internal sealed record ListedCategory(string Name, int? Voices, int? TrainingVoices, bool CanGenerate);

/// <summary>dx7 midi ports --json: one per port.</summary>
internal sealed record ListedPort(string Name, string Direction, string Transport);

