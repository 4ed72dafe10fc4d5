using System.Diagnostics;

namespace NeuralDx7.Cli.Output;

/// <summary>
/// A progress line on stderr: redrawn in place (at most ten times a second) on a terminal, and
/// printed as a plain line every few seconds when stderr goes to a file or a pipe.
/// </summary>
internal sealed class ProgressLine(TextWriter error, TimeSpan? loggedEvery = null)
{
    private readonly bool _interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
    private readonly TimeSpan _period = loggedEvery ?? TimeSpan.FromSeconds(10);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private int _width;
    private bool _shown;

    public void Report(string text, bool force = false)
    {
        lock (_sinceLast)
        {
            // A terminal sees the first report at once; a log only once a period has passed (short work logs nothing).
            var wait = _interactive ? TimeSpan.FromMilliseconds(100) : _period;
            if (!force && (_shown || !_interactive) && _sinceLast.Elapsed < wait)
            {
                return;
            }

            _sinceLast.Restart();
            _shown = true;
            if (_interactive)
            {
                error.Write('\r' + text.PadRight(_width));
                _width = text.Length;
            }
            else
            {
                error.WriteLine(text);
            }
        }
    }

    /// <summary>Ends the line on a terminal, so later output starts on a line of its own.</summary>
    public void Done()
    {
        lock (_sinceLast)
        {
            if (_interactive && _shown)
            {
                error.WriteLine();
            }

            _shown = false;
        }
    }
}
