using System.Management.Automation;
using NeuralDx7.Application.Generation;
using NeuralDx7.Model.Generation;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Creates new DX7 voices with the neural network, 32 by default: a whole new cartridge.</summary>
/// <remarks>
/// Voices are decoded from points drawn where the model's training voices are in its latent space (a Gaussian
/// mixture fitted to their posteriors; -Prior Normal draws from N(0, I) as the original did). A cart can also be made
/// to order: voices like given ones (-Like, or voices piped in), of a category (-Category Bass; Get-Dx7Category lists
/// them), or one voice per latent (-Latent, eight numbers from 0 to 1 as Get-Dx7Latent's Unit gives them). -Spread says
/// how far around the given voices or the category's voices to draw. A category is drawn by the shipped folder's model
/// for categories (models/dx7-vae/by-category, whose latent holds more of a voice's kind), whose decoder is also told the
/// category; -CategoryStrength says how strongly its voices follow it. Every parameter is taken from its valid range, so
/// every voice is valid, and every voice is auditioned with the built-in DX7 engine: one that is silent or broken, that
/// sounds as one of the model's training voices does, or (with -Category) that the model names as another kind is
/// drawn again (-NoScreen keeps them). The same -Seed gives
/// the same voices. Each parameter is sampled at -Temperature 1 by default (0 takes the most likely value; sampling keeps
/// the variety of real cartridges, where the most likely values sound alike), the shipped model's release and coarse
/// ratios a little cooler as its sampling.json says (-TemperatureScale changes that, 'none' turns it off); names always
/// take their most likely letters. The shipped model (models/dx7-vae) is used unless -Model names another.
/// </remarks>
/// <example>
/// <code>New-Dx7Cart | Export-Syx ./cart.syx</code>
/// <para>A new cartridge from the shipped model.</para>
/// </example>
/// <example>
/// <code>New-Dx7Cart -Count 64 -Seed 7 -Temperature 0.5 | Export-Syx ./two-carts.syx</code>
/// <para>64 tamer voices (nearer each parameter's most likely value) in two numbered cartridges, reproducibly.</para>
/// </example>
/// <example>
/// <code>New-Dx7Cart -TemperatureScale 'EG Level 4=0, Detune=0.5' | Export-Syx ./steady.syx</code>
/// <para>Every operator's release level drawn at its most likely value and the detunes at half the temperature.</para>
/// </example>
/// <example>
/// <code>Get-Dx7Voice ./ROM1A.syx -Index 0, 10 | New-Dx7Cart | Export-Syx ./like-brass-and-epiano.syx</code>
/// <para>32 new voices like BRASS 1 and E.PIANO 1: piped voices are the ones to be like.</para>
/// </example>
/// <example>
/// <code>New-Dx7Cart -Category Bass -Spread 0.5 | Export-Syx ./basses.syx</code>
/// <para>A cartridge of basses, drawn near the middle of where the model put the basses it was trained on.</para>
/// </example>
/// <example>
/// <code>New-Dx7Cart -Category Bell -CategoryStrength 8 | Export-Syx ./bells.syx</code>
/// <para>Bells that follow the category more strongly than the default: more typical of the kind, less varied.</para>
/// </example>
/// <example>
/// <code>New-Dx7Cart -Latent @(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5), @(0.9, 0.1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5)</code>
/// <para>Two voices from two latents: the middle of where real voices are, and a move along its first two axes.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "Dx7Cart", DefaultParameterSetName = PriorSet)]
[OutputType(typeof(Dx7Voice))]
public sealed class NewDx7CartCommand : Dx7NewVoiceCmdlet
{
    private const string PriorSet = "Prior", LikeSet = "Like", CategorySet = "Category", LatentSet = "Latent";
    private readonly List<Dx7Voice> _like = [];

    /// <summary>How many voices, 1-4096 (32 fill one cartridge).</summary>
    [Parameter(Position = 0, ParameterSetName = PriorSet)]
    [Parameter(ParameterSetName = LikeSet)]
    [Parameter(ParameterSetName = CategorySet)]
    public int Count { get; set; } = new GenerationRequest().Count;

    /// <summary>Where latents are drawn from: Fitted (the default when the model has one: where its training voices are) or Normal (N(0, I), as the original).</summary>
    [Parameter(ParameterSetName = PriorSet)]
    public PriorKind? Prior { get; set; }

    /// <summary>Voices to be like, from the pipeline or the Voice property of piped objects: new voices are drawn around where the model puts them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LikeSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Voice")]
    public Dx7Voice[] Like { get; set; } = [];

    /// <summary>A kind of voice (Get-Dx7Category lists them with how many training voices each had): voices are drawn where the model put that kind, by the model folder's by-category model when it has one (the shipped folder does).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CategorySet)]
    public VoiceCategory Category { get; set; }

    /// <summary>With -Like or -Category: how far around their voices to draw, in the model's own uncertainty about them (0-4; default 1).</summary>
    [Parameter(ParameterSetName = LikeSet)]
    [Parameter(ParameterSetName = CategorySet)]
    public double? Spread { get; set; }

    /// <summary>With -Category, for a model whose decoder reads the category: how strongly the voices follow it (1: as the decoder learnt it; the default 5: more typical of the kind, chosen by ear on the validation split; 0: as if none were asked for; up to 10).</summary>
    [Parameter(ParameterSetName = CategorySet)]
    public double? CategoryStrength { get; set; }

    /// <summary>With -Category: the most nats a voice's sound may be likelier told its category than told "any" before it is drawn again (default 5: a voice pulled further overshoots the kind; 1000: no limit).</summary>
    [Parameter(ParameterSetName = CategorySet)]
    public double? CategoryPullLimit { get; set; }

    /// <summary>
    /// A latent to decode (its numbers from 0 to 1; 0.5 is the middle of where real voices are), or several, one voice
    /// each: -Latent 0.5, 0.2, ... or -Latent @(...), @(...), as Get-Dx7Latent's Unit gives them.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = LatentSet)]
    public object[] Latent { get; set; } = [];

    /// <summary>Keep every voice as drawn, silent ones too (by default each is auditioned and silent or broken ones drawn again).</summary>
    [Parameter]
    public SwitchParameter NoScreen { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LikeSet)
        {
            _like.AddRange(Like);
        }
    }

    protected override void EndProcessing()
    {
        var model = OpenModel();
        var request = new GenerationRequest(Count, Seed, Temperature, Prior, !NoScreen,
            Like: ParameterSetName == LikeSet ? _like : null,
            Spread: Spread,
            Category: ParameterSetName == CategorySet ? Category : null,
            Latents: ParameterSetName == LatentSet ? Call(() => Latents(Latent)) : null,
            TopP: TopP,
            TemperatureScale: Scale(),
            CategoryStrength: CategoryStrength,
            CategoryPullLimit: CategoryPullLimit);
        var progress = Progress("Drawing voices");
        var result = Call(() => RunOnWorker(token => CartGeneration.Generate(model, request, progress, token)));
        foreach (string warning in result.LeftOutWarnings)
        {
            WriteWarning(warning);
        }
        if (result.Screening is { Unusable: > 0 } screening)
        {
            WriteWarning($"{screening.Unusable} voice(s) were still silent or broken after {CartGeneration.MaxDraws} draws each.");
        }

        if (result.Screening is { OffCategory: > 0 } off)
        {
            WriteWarning($"{off.OffCategory} voice(s) were still named as another kind than {VoiceCategories.Name(Category)} after {CartGeneration.MaxDraws} draws each.");
        }

        if (result.Screening is { Copies: > 0 } copied)
        {
            WriteWarning($"{copied.Copies} voice(s) still sounded as a training voice does after {CartGeneration.MaxDraws} draws each.");
        }

        WriteObject(result.Voices, enumerateCollection: true);
    }

    // A flat list of numbers is one latent; a list of lists is one latent each.
    private static List<IReadOnlyList<double>> Latents(object[] given)
    {
        var items = given.Select(item => item is PSObject wrapped ? wrapped.BaseObject : item).ToList();
        if (items.All(item => item is not System.Collections.IEnumerable || item is string))
        {
            return [Numbers(items)];
        }

        return [.. items.Select(item => item is System.Collections.IEnumerable list and not string
            ? Numbers([.. list.Cast<object>()])
            : throw new InvalidRequestException("Latent", "mixes numbers and lists of numbers: give one latent's numbers, or one list of numbers per latent."))];
    }

    private static IReadOnlyList<double> Numbers(IReadOnlyList<object> items) =>
        [.. items.Select(item => LanguagePrimitives.TryConvertTo(item, System.Globalization.CultureInfo.InvariantCulture, out double number)
            ? number
            : throw new InvalidRequestException("Latent", $"must be numbers from 0 to 1; '{item}' is not a number."))];
}
