using System.Text;
using System.Text.Json;
using NeuralDx7.Codec;

namespace NeuralDx7.Cli.Output;

/// <summary>Writes the --json output of commands with Utf8JsonWriter: no reflection, so it trims and AOT-compiles.</summary>
internal static class Json
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void WriteIssue(Utf8JsonWriter json, Dx7Issue issue)
    {
        json.WriteStartObject();
        json.WriteString("severity", issue.Severity.ToString().ToLowerInvariant());
        json.WriteString("kind", issue.Kind.ToString());
        json.WriteString("file", issue.Source);
        if (issue.Offset >= 0)
        {
            json.WriteNumber("offset", issue.Offset);
        }

        if (issue.VoiceIndex is int voice)
        {
            json.WriteNumber("voice", voice);
        }

        if (issue.Parameter is not null)
        {
            json.WriteString("parameter", issue.Parameter);
        }

        json.WriteString("message", issue.Message);
        json.WriteEndObject();
    }
}
