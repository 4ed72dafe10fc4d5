using System.CommandLine;
using NeuralDx7.Cli.Commands;
using NeuralDx7.Cli.Output;

namespace NeuralDx7.Cli;

/// <summary>The dx7 command line: a thin front over NeuralDx7.Application (one service call per command), runnable in-process for tests.</summary>
public static class Dx7Cli
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("dx7: read, validate, convert and generate Yamaha DX7 cartridges.");
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(CartCommand.Create());
        root.Subcommands.Add(CategoriesCommand.Create());
        root.Subcommands.Add(DupesCommand.Create());
        root.Subcommands.Add(PriorCommand.Create());
        root.Subcommands.Add(EncodeCommand.Create());
        root.Subcommands.Add(InterpolateCommand.Create());
        root.Subcommands.Add(VaryCommand.Create());
        root.Subcommands.Add(RenderCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(MatchCommand.Create());
        root.Subcommands.Add(MatchCommand.Training());
        root.Subcommands.Add(MidiCommand.Create());
        root.Subcommands.Add(LiveCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>Parses and runs a command line, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        output = new PrintableWriter(output);
        error = new PrintableWriter(error);
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false, // CommandAction reports errors itself: one line, no stack trace
            ProcessTerminationTimeout = null, // and answers Ctrl+C and SIGTERM itself (StopSignals)
        };
        // dx7 alone: what it can do. No response files: an argument like @x.syx is a file named so, not a list of arguments.
        var parse = CreateRoot().Parse(args.Length == 0 ? ["--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && !args.Any(a => a is "--help" or "-h" or "-?"))
        {
            // One line in words, not the parser's .NET type names, and the way to the help.
            string command = string.Join(' ', parse.CommandResult.Command.Name == "dx7" ? [] : CommandPath(parse.CommandResult));
            // A mistyped command says so, rather than that no command was given.
            var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            error.WriteLine($"dx7: {ParseErrors.Describe(first.Message)} (see 'dx7 {command}{(command.Length > 0 ? " " : "")}--help')");
            return CommandAction.Failure;
        }

        return parse.Invoke(configuration);
    }

    private static Stack<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult c && c.Parent is not null; r = c.Parent)
        {
            names.Push(c.Command.Name);
        }

        return names;
    }
}
