using System.Globalization;

namespace NeuralDx7.Codec;

/// <summary>
/// Collects a file's issues, listing at most a few of each kind: a file of a million stray F0 bytes
/// must not become a million objects.
/// </summary>
internal sealed class IssueLog(string source)
{
    private const int ListedPerKind = 256;

    private readonly List<Dx7Issue> _issues = [];
    private readonly Dictionary<IssueKind, int> _counts = [];

    public void Add(IssueSeverity severity, IssueKind kind, long offset, int? voiceIndex, string? parameter, string message)
    {
        _counts.TryGetValue(kind, out int count);
        _counts[kind] = count + 1;
        if (count < ListedPerKind)
        {
            _issues.Add(new Dx7Issue(severity, kind, source, offset, voiceIndex, parameter, message));
        }
    }

    public bool Any(IssueKind kind) => _counts.ContainsKey(kind);

    public List<Dx7Issue> ToList()
    {
        var all = new List<Dx7Issue>(_issues);
        foreach (var (kind, count) in _counts)
        {
            if (count > ListedPerKind)
            {
                var severity = _issues.First(i => i.Kind == kind).Severity;
                all.Add(new Dx7Issue(severity, IssueKind.Summary, source, -1, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"{count - ListedPerKind} more {kind} issue(s) not listed")));
            }
        }

        return all;
    }
}
