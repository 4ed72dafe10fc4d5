using NeuralDx7.Cli;

return Dx7Cli.Run(args, Console.Out, Console.Error);
