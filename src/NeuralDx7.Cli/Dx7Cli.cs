using System.CommandLine;
using NeuralDx7.Cli.Commands;

namespace NeuralDx7.Cli;

/// <summary>The dx7 command line: a thin front over NeuralDx7.Core, runnable in-process for tests.</summary>
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
        root.Subcommands.Add(DupesCommand.Create());
        root.Subcommands.Add(PriorCommand.Create());
        root.Subcommands.Add(EncodeCommand.Create());
        root.Subcommands.Add(InterpolateCommand.Create());
        root.Subcommands.Add(VaryCommand.Create());
        root.Subcommands.Add(RenderCommand.Create());
        root.Subcommands.Add(MidiCommand.Create());
        root.Subcommands.Add(LiveCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>Parses and runs a command line, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false, // CommandAction reports errors itself: one line, no stack trace
            ProcessTerminationTimeout = TimeSpan.FromSeconds(60), // Ctrl+C: time to finish the step and save
        };
        return CreateRoot().Parse(args).Invoke(configuration);
    }
}
