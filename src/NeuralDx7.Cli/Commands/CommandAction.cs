using System.CommandLine;
using System.Runtime.InteropServices;
using NeuralDx7.Application;
using NeuralDx7.Validation;

namespace NeuralDx7.Cli.Commands;

/// <summary>What every command action gets: its parsed arguments and the streams to write to.</summary>
internal sealed record CommandContext(ParseResult Parse, TextWriter Output, TextWriter Error, CancellationToken Cancellation);

/// <summary>Runs command bodies with one error policy: a clear message on stderr, never a stack trace.</summary>
internal static class CommandAction
{
    public const int Failure = 2;
    public const int Cancelled = 130;

    public static void Set(Command command, Func<CommandContext, int> body)
    {
        command.SetAction((parse, cancellation) =>
        {
            // SIGTERM (systemctl stop, docker stop, a CI timeout) stops a command as Ctrl+C does: cleanly, work saved.
            using var terminated = new CancellationTokenSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                terminated.Cancel();
            });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, terminated.Token);
            var context = new CommandContext(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, stop.Token);
            try
            {
                return Task.FromResult(body(context));
            }
            catch (OperationCanceledException)
            {
                context.Error.WriteLine("dx7: cancelled.");
                return Task.FromResult(Cancelled);
            }
            catch (InvalidRequestException e)
            {
                context.Error.WriteLine($"dx7: {e.Worded(OptionName)}");
                return Task.FromResult(Failure);
            }
            catch (ModelFileMissingException e)
            {
                context.Error.WriteLine($"dx7: {e.Message}");
                return Task.FromResult(Failure);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidVoiceException or NeuralDx7.Midi.MidiPortException
                or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
            {
                context.Error.WriteLine($"dx7: {e.Message}");
                return Task.FromResult(Failure);
            }
        });
    }

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
