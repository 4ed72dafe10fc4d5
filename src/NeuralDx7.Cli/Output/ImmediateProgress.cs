namespace NeuralDx7.Cli.Output;

/// <summary>An IProgress that reports on the calling thread at once (Progress&lt;T&gt; posts to the thread pool and can report after the command has finished).</summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
