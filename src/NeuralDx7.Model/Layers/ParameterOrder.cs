using P = NeuralDx7.Voice.Dx7Parameters;

namespace NeuralDx7.Model.Layers;

/// <summary>
/// The order the autoregressive decoder draws a voice's 155 parameters in: what shapes the whole sound first (the
/// algorithm, which decides every operator's role, then feedback and key sync), then each operator from OP1 to OP6,
/// its level and frequency before its envelope and scaling, then the LFO, pitch modulation, pitch envelope and
/// transpose, and the name last, written for the sound it names.
/// </summary>
public static class ParameterOrder
{
    // Within an operator: its loudness and frequency (its role), then the envelope's levels and rates, then the rest.
    private static readonly int[] OperatorFields =
    [
        P.OpOutputLevel, P.OpOscillatorMode, P.OpCoarse, P.OpFine, P.OpDetune,
        P.OpEgLevel1, P.OpEgLevel1 + 1, P.OpEgLevel1 + 2, P.OpEgLevel1 + 3,
        P.OpEgRate1, P.OpEgRate1 + 1, P.OpEgRate1 + 2, P.OpEgRate1 + 3,
        P.OpVelocitySensitivity, P.OpRateScaling, P.OpBreakPoint, P.OpLeftDepth, P.OpRightDepth, P.OpLeftCurve, P.OpRightCurve,
        P.OpAmpModSensitivity,
    ];

    /// <summary>Step t draws parameter <c>Steps[t]</c> (a VCED position).</summary>
    public static IReadOnlyList<int> Steps { get; } = Build();

    /// <summary>The step at which VCED position p is drawn: the inverse of <see cref="Steps"/>.</summary>
    public static IReadOnlyList<int> StepOf { get; } = Invert(Steps);

    private static int[] Build()
    {
        var order = new List<int>(P.Count) { P.Algorithm, P.Feedback, P.OscillatorKeySync };
        for (int op = 1; op <= 6; op++)
        {
            int block = (6 - op) * P.PerOperator; // VCED stores OP6 first
            order.AddRange(OperatorFields.Select(field => block + field));
        }

        order.AddRange([P.LfoWave, P.LfoSpeed, P.LfoDelay, P.LfoPitchModDepth, P.LfoAmpModDepth, P.LfoKeySync, P.PitchModSensitivity]);
        order.AddRange(Enumerable.Range(P.PitchEgLevel1, 4));
        order.AddRange(Enumerable.Range(P.PitchEgRate1, 4));
        order.Add(P.Transpose);
        order.AddRange(Enumerable.Range(P.Name, P.NameLength));
        if (order.Count != P.Count || order.Distinct().Count() != P.Count)
        {
            throw new InvalidOperationException("The parameter order must name each of the 155 parameters once.");
        }

        return [.. order];
    }

    private static int[] Invert(IReadOnlyList<int> steps)
    {
        var inverse = new int[steps.Count];
        for (int t = 0; t < steps.Count; t++)
        {
            inverse[steps[t]] = t;
        }

        return inverse;
    }
}
