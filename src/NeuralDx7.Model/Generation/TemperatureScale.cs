using System.Globalization;
using System.Text.Json;
using NeuralDx7.Voice;

namespace NeuralDx7.Model.Generation;

/// <summary>
/// Some parameters drawn cooler than the rest: each term names a parameter as the DX7 does ("EG Level 4" for every
/// operator's, "OP2 Detune" for one, "Feedback") and the multiple of the temperature it is drawn at. A model folder
/// may hold its own (<see cref="FileName"/>), chosen on the validation split, which its voices are drawn with unless told.
/// </summary>
public sealed class TemperatureScale
{
    /// <summary>The model folder's file that holds the scale its voices are drawn with by default.</summary>
    public const string FileName = "sampling.json";

    /// <summary>The word that asks for every parameter at the plain temperature.</summary>
    public const string NoneWord = "none";

    /// <summary>The largest multiple a term may give: enough to make a parameter wild, not enough to overflow.</summary>
    public const double MaxScale = 10;

    // A scale names at most 155 parameters: a file far larger than that is not one.
    private const int MaxFileBytes = 64 * 1024;

    private TemperatureScale(IReadOnlyList<(string Name, double Scale)> terms)
    {
        Terms = terms;
        var perPosition = Enumerable.Repeat(1.0, ModelConfig.Positions).ToArray();
        foreach (var (name, scale) in terms)
        {
            foreach (var parameter in Matching(name))
            {
                perPosition[parameter.Index] = scale;
            }
        }

        PerPosition = perPosition;
    }

    /// <summary>Every parameter at the plain temperature.</summary>
    public static TemperatureScale None { get; } = new([]);

    /// <summary>The terms as given, in order: a later term overrides an earlier one where both name a parameter.</summary>
    public IReadOnlyList<(string Name, double Scale)> Terms { get; }

    /// <summary>Each of the 155 positions' multiple of the temperature.</summary>
    public IReadOnlyList<double> PerPosition { get; }

    public bool IsNone => Terms.Count == 0;

    /// <summary>
    /// Reads "EG Level 4=0.5, EG Rate 4=0.5" or "none". <paramref name="option"/> names the option in the error a bad term gets.
    /// </summary>
    /// <exception cref="InvalidRequestException">A term is not "name=multiple", names no parameter, or its multiple is not from 0 to <see cref="MaxScale"/>.</exception>
    public static TemperatureScale Parse(string text, string option = nameof(TemperatureScale))
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.Equals(text.Trim(), NoneWord, StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        var terms = new List<(string, double)>();
        foreach (string term in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = term.LastIndexOf('=');
            if (equals <= 0)
            {
                throw new InvalidRequestException(option, $"takes terms like 'EG Level 4=0.5' (a parameter, '=', a multiple of the temperature) or '{NoneWord}', not '{term}'.");
            }

            string name = term[..equals].Trim();
            if (!double.TryParse(term[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double scale))
            {
                throw new InvalidRequestException(option, $"needs a number after '=' in '{term}'.");
            }

            terms.Add(Checked(name, scale, option));
        }

        if (terms.Count == 0)
        {
            throw new InvalidRequestException(option, $"names no parameter: give terms like 'EG Level 4=0.5', or '{NoneWord}'.");
        }

        return new TemperatureScale(terms);
    }

    /// <summary>The scale a model folder's <see cref="FileName"/> holds: {"kind": "sampling", "temperatureScale": {"EG Level 4": 0.5}}.</summary>
    /// <exception cref="InvalidDataException">The file is not such an object, or a term is bad; the message names the file.</exception>
    public static TemperatureScale Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(IO.BoundedFile.ReadAllBytes(path, MaxFileBytes, "a sampling file"));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("temperatureScale", out var scales) || scales.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path} has no \"temperatureScale\" object.");
            }

            var terms = new List<(string, double)>();
            foreach (var property in scales.EnumerateObject())
            {
                terms.Add(property.Value.ValueKind == JsonValueKind.Number
                    ? Checked(property.Name, property.Value.GetDouble(), "temperatureScale")
                    : throw new InvalidDataException($"{path}: \"{property.Name}\" must be a number."));
            }

            return new TemperatureScale(terms);
        }
        catch (Exception e) when (e is JsonException or InvalidRequestException)
        {
            throw new InvalidDataException($"{path} is not a sampling file: {e.Message}", e);
        }
    }

    /// <summary>The terms as <see cref="Parse"/> reads them, or "none".</summary>
    public override string ToString() => IsNone ? NoneWord
        : string.Join(", ", Terms.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name}={t.Scale}")));

    private static (string, double) Checked(string name, double scale, string option)
    {
        if (!Matching(name).Any())
        {
            throw new InvalidRequestException(option, $"names no DX7 parameter in '{name}': use a name such as 'EG Level 4' (every operator's), 'OP2 Detune' or 'Feedback'.");
        }

        if (!(scale >= 0 && scale <= MaxScale))
        {
            throw new InvalidRequestException(option, string.Create(CultureInfo.InvariantCulture, $"gives '{name}' a multiple of {scale}; it must be from 0 to {MaxScale}."));
        }

        return (name, scale);
    }

    /// <summary>The parameters a term names: one by its full name, or an operator field ("Detune") in all six operators.</summary>
    private static IEnumerable<Dx7Parameter> Matching(string name) => Dx7Parameters.All.Take(Dx7Parameters.SoundCount).Where(p =>
        string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
        || (p.Operator > 0 && string.Equals(p.Name, $"OP{p.Operator} {name}", StringComparison.OrdinalIgnoreCase)));
}
