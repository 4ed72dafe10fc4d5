using System.Globalization;
using System.Management.Automation;
using NeuralDx7.Application.Matching;
using NeuralDx7.Matching;
using NeuralDx7.Voice;

namespace NeuralDx7.PowerShell.Cmdlets;

/// <summary>Finds the DX7 voice that sounds like a recording of one note.</summary>
/// <remarks>
/// The model's audio encoder proposes where to start (its prediction, and the training voices whose sound is nearest);
/// a search by ear, rendering every candidate with the built-in engine on every core, finishes: CMA-ES in the model's
/// latent space, then an evolution strategy over the voice's parameters. It compares multi-resolution log spectra and
/// loudness envelopes, both sounds at the same loudness. The key is found from the pitch unless -Note gives it. The voice
/// comes out with its Distance (0 is identical) and pipes on to Export-Syx, Send-MidiSysex and Export-Dx7Audio. -Seconds
/// bounds the search (Ctrl+C stops the whole pipeline; dx7 match keeps the best so far instead). The same -Seed and
/// -Evaluations give the same voice.
/// </remarks>
/// <example>
/// <code>Find-Dx7Voice ./bell.wav | Export-Syx ./bell.syx -Format Single</code>
/// <para>A voice that sounds like the recording, for a synth's edit buffer.</para>
/// </example>
/// <example>
/// <code>Find-Dx7Voice ./organ.wav -Library ../corpus/dexed-cart-1.0 | Export-Dx7Audio ./organ-dx7.wav</code>
/// <para>First hears the training voices themselves, nearest the recording first, then refines the best voice heard.</para>
/// </example>
/// <example>
/// <code>Find-Dx7Voice ./organ.wav -Ear Hexter | Export-Syx ./organ.syx -Format Single</code>
/// <para>Listens through Debian's hexter plugin instead of our engine, for a voice to play on hexter.</para>
/// </example>
/// <example>
/// <code>Find-Dx7Voice ./pad.wav -Seconds 120 -Note 48 | Send-MidiSysex -Port Dexed</code>
/// <para>Searches for two minutes for a note played at C2 and sends the voice to Dexed.</para>
/// </example>
[Cmdlet(VerbsCommon.Find, "Dx7Voice")]
[OutputType(typeof(Dx7Voice))]
public sealed class FindDx7VoiceCommand : Dx7ModelCmdlet
{
    /// <summary>A WAV file of one note: 16/24-bit integer or 32-bit float, mono or stereo, any common rate.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    /// <summary>The MIDI key the note was played at (60 is middle C); found from the pitch by default.</summary>
    [Parameter]
    public int? Note { get; set; }

    /// <summary>Time the search may take, in seconds (default 60).</summary>
    [Parameter]
    public double Seconds { get; set; } = new MatchRequest("x").Seconds;

    /// <summary>Voices the search may hear: with -Seed, decides the voice found on any machine. By default as many as -Seconds allows.</summary>
    [Parameter]
    public int? Evaluations { get; set; }

    /// <summary>Seed of the search (default 1).</summary>
    [Parameter]
    public ulong Seed { get; set; } = new MatchRequest("x").Seed;

    /// <summary>
    /// The data the model was trained on (a folder, file or data set): the search first hears the training voices
    /// themselves, nearest the recording first, for up to 40% of its time, then refines the best voice heard.
    /// </summary>
    [Parameter]
    public string? Library { get; set; }

    /// <summary>
    /// The synth the search listens through: Ours (default, on every core) or Hexter (Debian's DX7 plugin, when
    /// installed); the voice found sounds like the recording on that synth.
    /// </summary>
    [Parameter]
    public Ear Ear { get; set; } = new MatchRequest("x").Ear;

    protected override void ProcessRecord()
    {
        var model = OpenModel();
        var request = new MatchRequest(ProviderPath(Path), Note, Seconds, Evaluations, Seed, Library is null ? null : ProviderPath(Library), Ear);
        Call(request.Validate);
        if (model.AudioEncoder is null)
        {
            WriteWarning($"{model.Path} has no audio encoder; the search starts from the prior alone (train one with dx7 train-matcher).");
        }

        var progress = Reporter<SearchProgress>(p => WriteProgress(new ProgressRecord(1, $"Finding a voice for {System.IO.Path.GetFileName(Path)}",
            string.Create(CultureInfo.InvariantCulture, $"{p.Phase}: {p.Evaluations} voices heard, distance {p.Distance:0.000}"))));
        var result = Call(() => RunOnWorker(token => VoiceMatching.Match(model, request, new Throttled<SearchProgress>(progress), token)), Path);
        WriteProgress(new ProgressRecord(1, "Finding a voice", "done") { RecordType = ProgressRecordType.Completed });
        var output = PSObject.AsPSObject(result.Voice);
        output.Properties.Add(new PSNoteProperty("Distance", result.Distance));
        output.Properties.Add(new PSNoteProperty("Note", result.Note));
        output.Properties.Add(new PSNoteProperty("Evaluations", result.Evaluations));
        WriteObject(output);
    }
}
