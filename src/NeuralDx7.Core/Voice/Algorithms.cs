namespace NeuralDx7.Voice;

/// <summary>
/// The DX7's 32 algorithms, as the front panel draws them: which operators modulate which, which are carriers
/// (heard), and where the feedback loop is. Operators are numbered 1-6 as on the panel.
/// </summary>
public sealed record Algorithm(int Number, IReadOnlyList<(int From, int To)> Modulations, IReadOnlyList<int> Carriers, int FeedbackFrom, int FeedbackTo)
{
    /// <summary>Algorithm 1-32.</summary>
    public static Algorithm Get(int number) => All[number - 1];

    /// <summary>Operators that modulate <paramref name="op"/>.</summary>
    public IEnumerable<int> ModulatorsOf(int op) => Modulations.Where(m => m.To == op).Select(m => m.From);

    /// <summary>All 32, from the diagrams printed on the DX7.</summary>
    public static IReadOnlyList<Algorithm> All { get; } =
    [
        A(1, "6>5 5>4 4>3 2>1", "1 3", 6, 6),
        A(2, "6>5 5>4 4>3 2>1", "1 3", 2, 2),
        A(3, "6>5 5>4 3>2 2>1", "1 4", 6, 6),
        A(4, "6>5 5>4 3>2 2>1", "1 4", 4, 6), // the loop: op 4's output feeds op 6
        A(5, "6>5 4>3 2>1", "1 3 5", 6, 6),
        A(6, "6>5 4>3 2>1", "1 3 5", 5, 6), // the loop: op 5's output feeds op 6
        A(7, "6>5 5>3 4>3 2>1", "1 3", 6, 6),
        A(8, "6>5 5>3 4>3 2>1", "1 3", 4, 4),
        A(9, "6>5 5>3 4>3 2>1", "1 3", 2, 2),
        A(10, "6>4 5>4 3>2 2>1", "1 4", 3, 3),
        A(11, "6>4 5>4 3>2 2>1", "1 4", 6, 6),
        A(12, "6>3 5>3 4>3 2>1", "1 3", 2, 2),
        A(13, "6>3 5>3 4>3 2>1", "1 3", 6, 6),
        A(14, "6>4 5>4 4>3 2>1", "1 3", 6, 6),
        A(15, "6>4 5>4 4>3 2>1", "1 3", 2, 2),
        A(16, "6>5 4>3 5>1 3>1 2>1", "1", 6, 6),
        A(17, "6>5 4>3 5>1 3>1 2>1", "1", 2, 2),
        A(18, "6>5 5>4 4>1 3>1 2>1", "1", 3, 3),
        A(19, "6>5 6>4 3>2 2>1", "1 4 5", 6, 6),
        A(20, "6>4 5>4 3>2 3>1", "1 2 4", 3, 3),
        A(21, "6>5 6>4 3>2 3>1", "1 2 4 5", 3, 3),
        A(22, "6>5 6>4 6>3 2>1", "1 3 4 5", 6, 6),
        A(23, "6>5 6>4 3>2", "1 2 4 5", 6, 6),
        A(24, "6>5 6>4 6>3", "1 2 3 4 5", 6, 6),
        A(25, "6>5 6>4", "1 2 3 4 5", 6, 6),
        A(26, "6>4 5>4 3>2", "1 2 4", 6, 6),
        A(27, "6>4 5>4 3>2", "1 2 4", 3, 3),
        A(28, "5>4 4>3 2>1", "1 3 6", 5, 5),
        A(29, "6>5 4>3", "1 2 3 5", 6, 6),
        A(30, "5>4 4>3", "1 2 3 6", 5, 5),
        A(31, "6>5", "1 2 3 4 5", 6, 6),
        A(32, "", "1 2 3 4 5 6", 6, 6),
    ];

    private static Algorithm A(int number, string modulations, string carriers, int feedbackFrom, int feedbackTo) => new(
        number,
        [.. modulations.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => (m[0] - '0', m[2] - '0'))],
        [.. carriers.Split(' ').Select(int.Parse)],
        feedbackFrom,
        feedbackTo);
}
