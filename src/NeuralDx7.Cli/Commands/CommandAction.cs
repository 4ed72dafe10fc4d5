using System.CommandLine;
using NeuralDx7.Application;
using NeuralDx7.IO;
using NeuralDx7.Validation;

namespace NeuralDx7.Cli.Commands;

/// <summary>What every command action gets: its parsed arguments and the streams to write to.</summary>
internal sealed record CommandContext(ParseResult Parse, TextWriter Output, TextWriter Error, CancellationToken Cancellation);

/// <summary>Runs command bodies with one error policy: a clear message on stderr, never a stack trace.</summary>
internal static class CommandAction
{
    public const int Failure = 2;

    /// <summary>How long a command may take to stop after Ctrl+C or SIGTERM before it is ended.</summary>
    public static TimeSpan DefaultGrace { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Sets a command's body. Whatever it throws ends as one line on stderr and exit code 2, never a stack trace; a
    /// signal ends it with 130 or 143 within <paramref name="grace"/> (default: a second).
    /// </summary>
    public static void Set(Command command, Func<CommandContext, int> body, TimeSpan? grace = null)
    {
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            using var signals = new StopSignals(grace ?? DefaultGrace, error);
            var context = new CommandContext(parse, parse.InvocationConfiguration.Output, error, signals.Token);
            int code;
            try
            {
                code = body(context);
            }
            catch (OperationCanceledException) when (signals.ExitCode is not null)
            {
                code = 0;
            }
            catch (Exception e)
            {
                error.WriteLine($"dx7: {Describe(e)}");
                code = Failure;
            }

            if (signals.ExitCode is int stopped)
            {
                error.WriteLine("dx7: stopped.");
                return stopped;
            }

            return code;
        });
    }

    /// <summary>One line a user can act on, for anything a command throws.</summary>
    public static string Describe(Exception e) => e switch
    {
        InvalidRequestException request => request.Worded(OptionName),
        FileExistsException exists => $"{exists.Path} already exists; use --force to overwrite it.",
        NeuralDx7.Model.Training.RunExistsException run => $"{run.Folder} already holds a training run; continue it with --resume, or train into another folder.",
        ModelFileMissingException missing when missing.Message.Contains(NeuralDx7.Model.Generation.LatentPrior.FileName, StringComparison.Ordinal)
            => $"{OneLine(missing.Message)} ('dx7 prior fit --model <folder> --data <training data>'; or --prior normal)",
        OutOfMemoryException => "there is not enough memory for that: ask for less.",
        AggregateException { InnerExceptions.Count: > 0 } many => Describe(many.InnerExceptions[0]),
        IOException or InvalidDataException or ArgumentException or InvalidVoiceException or NeuralDx7.Midi.MidiPortException
            or UnauthorizedAccessException or InvalidOperationException or NotSupportedException or ModelFileMissingException => OneLine(e.Message),
        _ => $"unexpected error ({OneLine(e.Message)}); please report it with the command that caused it.",
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>--repair: <paramref name="reportOnly"/> (reject, or keep for convert) reports out-of-range values; clamp fixes them.</summary>
    public static Option<RepairPolicy> RepairOption(string reportOnly, string description) => new("--repair")
    {
        Description = description,
        DefaultValueFactory = _ => RepairPolicy.Reject,
        CustomParser = result => result.Tokens.Count == 0 ? RepairPolicy.Reject : result.Tokens[0].Value.ToLowerInvariant() switch
        {
            var name when name == reportOnly => RepairPolicy.Reject,
            "clamp" => RepairPolicy.Clamp,
            var other => Fail<RepairPolicy>(result, $"--repair must be {reportOnly} or clamp, not '{other}'."),
        },
    };

    /// <summary>
    /// The value of an option that names one of <typeparamref name="T"/>'s values: its name in any case, never its number
    /// (System.CommandLine alone takes "--split 7"); anything else is refused with the names.
    /// </summary>
    public static T NamedValue<T>(System.CommandLine.Parsing.ArgumentResult result, T fallback) where T : struct, Enum
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }

        string text = result.Tokens[0].Value;
        if (text.Length > 0 && char.IsLetter(text[0]) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
        {
            return value;
        }

        string option = result.Parent is System.CommandLine.Parsing.OptionResult named ? named.Option.Name : "the value";
        return Fail<T>(result, $"{option} must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, not '{text}'.");
    }

    /// <summary>A request option's name as this tool spells it: Temperature is --temperature, MaxBeta is --max-beta.</summary>
    public static string OptionName(string option) =>
        "--" + string.Concat(option.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    public static Option<bool> ForceOption() => new("--force") { Description = "Overwrite the output file if it exists." };

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
