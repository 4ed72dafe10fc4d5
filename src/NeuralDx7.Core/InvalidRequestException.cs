using System.Globalization;

namespace NeuralDx7;

/// <summary>
/// An option of a request is out of range. <see cref="Option"/> is the option's name in PascalCase
/// ("Temperature"); each front end words it as its users type it (<c>--temperature</c>, <c>-Temperature</c>).
/// </summary>
public sealed class InvalidRequestException(string option, string problem) : ArgumentException($"{option} {problem}")
{
    public string Option { get; } = option;

    /// <summary>What is wrong, after the option's name: "must be a number from 0 to 10, not -3".</summary>
    public string Problem { get; } = problem;

    /// <summary>The message with the option named as a front end spells it.</summary>
    public string Worded(Func<string, string> optionName)
    {
        ArgumentNullException.ThrowIfNull(optionName);
        return $"{optionName(Option)} {Problem}";
    }
}

/// <summary>The checks requests make of their options, each naming the option and its range.</summary>
public static class Check
{
    public static double Range(string option, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            throw new InvalidRequestException(option, string.Create(CultureInfo.InvariantCulture, $"must be a number from {min} to {max}, not {value}."));
        }

        return value;
    }

    public static int Range(string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new InvalidRequestException(option, string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max}, not {value}."));
        }

        return value;
    }
}
