using System.Management.Automation;
using NeuralDx7.Application;

namespace NeuralDx7.PowerShell;

/// <summary>What the cmdlets that use a model share: -Model, opened once per command.</summary>
public abstract class Dx7ModelCmdlet : Dx7Cmdlet
{
    private ModelFolder? _model;

    /// <summary>A model folder (made by Invoke-Dx7Training or dx7 train); the shipped models/dx7-vae by default.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ModelFolderCompleter))]
    public string? Model { get; set; }

    /// <summary>The model folder, opened once per command.</summary>
    protected ModelFolder OpenModel() => _model ??= Call(() => ModelFolder.Open(Model is null ? null : ProviderPath(Model)), Model);
}

/// <summary>
/// What the cmdlets that draw from a model share: -Model, -Seed and -Temperature. Their ranges and defaults are the
/// requests' own (NeuralDx7.Application), the same as the dx7 tool's.
/// </summary>
public abstract class Dx7SamplingCmdlet : Dx7ModelCmdlet
{
    /// <summary>
    /// The seed of what is drawn at random: the same seed gives the same result. Without one, the cmdlets that make voices
    /// draw a new seed (named in each voice's Source) and the ones that measure use 1.
    /// </summary>
    [Parameter]
    public ulong? Seed { get; set; }

    /// <summary>
    /// 0 takes each parameter's most likely value; above 0, up to 10, samples it, more varied as it grows. Default: 1 for
    /// new voices (New-Dx7Cart, Measure-Dx7Uniqueness, Test-Dx7Model -Audio), 0 for moves from given voices
    /// (New-Dx7Interpolation, New-Dx7Variation, Start-Dx7Live).
    /// </summary>
    [Parameter]
    public double? Temperature { get; set; }
}

/// <summary>
/// What the cmdlets that draw new voices share beyond the temperature: the nucleus (-TopP) and the parameters drawn
/// cooler or hotter (-TemperatureScale), with the same defaults as the dx7 tool's --top-p and --temperature-scale.
/// </summary>
public abstract class Dx7NewVoiceCmdlet : Dx7SamplingCmdlet
{
    /// <summary>Draw each parameter from its most likely values that together hold this share of the probability, above 0 up to 1 (default 1: every value).</summary>
    [Parameter]
    public double? TopP { get; set; }

    /// <summary>
    /// Parameters drawn at a multiple of the temperature: 'EG Level 4=0.5, Detune=0.7' (every operator's; 'OP2 Detune'
    /// for one) or 'none'. Default: the model folder's sampling.json, chosen on the validation split, else none.
    /// </summary>
    [Parameter]
    public string? TemperatureScale { get; set; }

    /// <summary>-TemperatureScale read, or null when not given; a bad term is an InvalidArgument error naming it.</summary>
    protected NeuralDx7.Model.Generation.TemperatureScale? Scale() =>
        TemperatureScale is null ? null : Call(() => NeuralDx7.Model.Generation.TemperatureScale.Parse(TemperatureScale), TemperatureScale);
}
