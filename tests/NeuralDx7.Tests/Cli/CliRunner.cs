using NeuralDx7.Cli;

namespace NeuralDx7.Tests.Cli;

/// <summary>Runs the dx7 command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Dx7Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
