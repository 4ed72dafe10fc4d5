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

/// <summary>dx7 import --json.</summary>
internal sealed record Imported(int Files, int FilesSkipped, int Voices, int Invalid, int Repaired, int Distinct, int Train, int Validation, int Test, double Seconds, string Out);

/// <summary>dx7 encode --json: one per voice.</summary>
internal sealed record EncodedVoice(int Index, string Name, float[] Mean, float[] Std, float[] Latent, double[]? Unit);

/// <summary>dx7 categories --json.</summary>
internal sealed record CategoryList(IReadOnlyList<ListedCategory> Categories, int? Voices, int? Labelled, double? Coverage);

internal sealed record ListedCategory(string Name, int? Voices, int? TrainingVoices, bool CanGenerate);

/// <summary>dx7 midi ports --json: one per port.</summary>
internal sealed record ListedPort(string Name, string Direction, string Transport);

/// <summary>dx7 bench gemm --json (one product), and each row of --model-shapes.</summary>
internal sealed record GemmFigures(string? Role, int M, int K, int N, bool TransposeA, bool TransposeB, string? Kernel, int? Cores, double Gflops, double GflopsOneCore);

/// <summary>dx7 bench train --json.</summary>
internal sealed record TrainFigures(string Config, int Batch, int Steps, double SamplesPerSecond, double MsPerStep, double FlopsPerSample, double Gflops,
    double PeakGflops, int Cores, double Mfu);

/// <summary>dx7 bench peak --json.</summary>
internal sealed record PeakFigures(double GflopsPerCore, double GflopsAllCores, int Cores, string Instructions);

/// <summary>dx7 bench cart --json.</summary>
internal sealed record CartFigures(string Model, double MsPerCart, double FirstCartMs, double? MsPerScreenedCart);

/// <summary>dx7 bench render --json.</summary>
internal sealed record RenderFigures(string Voices, double AudioSeconds, double RealtimeFactor, double MsPerVoice, double MatchRenderMs, double MatchDistanceMs,
    double MatchReferenceDistanceMs, double MatchVoicesPerSecond);

/// <summary>dx7 bench dataset --json.</summary>
internal sealed record DatasetFigures(int Voices, double FirstLoadMs, double MedianLoadMs);
