using System.Globalization;
using System.Net;
using System.Text;
using NeuralDx7.Application.Evaluation;
using NeuralDx7.Codec;
using NeuralDx7.Corpus;
using NeuralDx7.IO;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Reports;

/// <summary>What a listening page shows: which notes to play, the title, and where the training voices are for the nearest one.</summary>
/// <param name="Notes">MIDI keys each voice is played at (60 is middle C).</param>
/// <param name="Title">The page's heading; by default the file's name.</param>
/// <param name="TrainingData">The data the model was trained on: each voice's nearest training voice is shown when given.</param>
/// <param name="Cartridge">The cartridge's bytes, offered for download from the page; null to offer a bulk dump of the voices.</param>
public sealed record ReportRequest(IReadOnlyList<int>? Notes = null, string? Title = null, string? TrainingData = null, byte[]? Cartridge = null)
{
    public const int MaxVoices = 128;

    public IReadOnlyList<int> Keys => Notes ?? [60];

    public void Validate()
    {
        Check.Range(nameof(Notes), Keys.Count, 1, 8);
        foreach (int note in Keys)
        {
            Check.Range(nameof(Notes), note, 0, 127);
        }
    }
}

/// <summary>
/// A listening page for a cartridge: one self-contained HTML file (no network, no scripts, no fonts) that shows each voice
/// (its algorithm, its envelopes, its operators' frequencies as the panel shows them) and plays it at the notes asked,
/// rendered by our engine; badges on voices that are silent or never stop; for voices from a model, where they sit in
/// its latent space and how near each is to a training voice. Light and dark, readable on a phone.
/// </summary>
public static class CartReport
{
    /// <summary>The preview each player plays: held a second, half a second of release, at 22.05 kHz (enough to judge a sound, small to embed).</summary>
    public static AuditionOptions Preview(int note) => new() { Note = note, Velocity = 100, HoldSeconds = 1, ReleaseSeconds = 0.5, SampleRate = 22050 };

    public static string Build(IReadOnlyList<Dx7Voice> voices, ReportRequest request, ModelFolder? model, string fileName,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(voices);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (voices.Count == 0 || voices.Count > ReportRequest.MaxVoices)
        {
            throw new InvalidRequestException("Voices", $"must be 1 to {ReportRequest.MaxVoices} voices for one page, not {voices.Count}.");
        }

        // Heard the way dx7 eval hears them (a second held, a second released), for the badges.
        var verdicts = Generation.CartGeneration.Audition(voices, AudioEvaluation.Audition, cancellation);
        var previews = new string[voices.Count, request.Keys.Count];
        int done = 0;
        Parallel.For(0, voices.Count, new ParallelOptions { CancellationToken = cancellation }, v =>
        {
            for (int n = 0; n < request.Keys.Count; n++)
            {
                var options = Preview(request.Keys[n]);
                previews[v, n] = Convert.ToBase64String(WavFile.Encode(AuditionRenderer.Render(voices[v], options), options.SampleRate));
            }

            progress?.Report((Interlocked.Increment(ref done), voices.Count));
        });

        SoundIndex? training = null;
        if (request.TrainingData is not null && model is not null)
        {
            training = new SoundIndex(TrainingData.Open(request.TrainingData, model, cancellation: cancellation).TrainedOn);
        }

        var latents = model is not null ? model.Generator.Encode(voices).Select(c => c.Latent).ToList() : null;
        var html = new StringBuilder(4 * 1024 * 1024);
        string title = request.Title ?? Path.GetFileNameWithoutExtension(fileName);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<meta name=\"color-scheme\" content=\"light dark\"><title>").Append(Encode(title)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<header><h1>").Append(Encode(title)).Append("</h1><p class=\"summary\">");
        html.Append(Invariant($"{voices.Count} voices"));
        if (voices[0].Source is string source && voices.All(v => v.Source == source))
        {
            html.Append(" from ").Append(Encode(File.Exists(source) ? Path.GetFileName(source) : source)); // a file's name, or "dx7-vae seed 7"
        }

        html.Append(Invariant($". Each plays at {string.Join(", ", request.Keys.Select(NoteName))}: held a second, released for half a second."));
        int silent = verdicts.Count(v => !v.Sounds), endless = verdicts.Count(v => v.Sounds && !v.Stops);
        html.Append(silent + endless == 0 ? " Every voice sounds and stops." : Invariant($" {silent} silent, {endless} never stop."));
        html.Append("</p>");
        var cart = request.Cartridge ?? [.. Dx7Cartridge.Split(voices).SelectMany(c => Dx7Writer.BulkDump(c))];
        html.Append("<p><a class=\"download\" download=\"").Append(Encode(Path.GetFileName(fileName))).Append("\" href=\"data:application/octet-stream;base64,")
            .Append(Convert.ToBase64String(cart)).Append("\">Download the cartridge</a></p>");
        if (model is not null)
        {
            html.Append("<p class=\"model\">Model: ").Append(Encode(model.Name)).Append('.');
            if (training is null)
            {
                html.Append(" (Give the training data to see each voice's nearest training voice.)");
            }

            html.Append("</p>");
            if (model.LatentStatistics is { } statistics && latents is not null)
            {
                html.Append("<figure class=\"map\">").Append(Plots.LatentMap(statistics, model.FittedPrior, latents));
                html.Append("<figcaption>Where each voice is on the model's two main latent directions; shading: where its training voices are.</figcaption></figure>");
            }
        }

        html.Append("</header><main>");
        for (int v = 0; v < voices.Count; v++)
        {
            cancellation.ThrowIfCancellationRequested();
            Voice(html, v, voices[v], verdicts[v], request.Keys, previews, training);
        }

        html.Append("</main><footer>Made by NeuralDx7. The audio is our DX7 engine's; a DX7 or Dexed will sound close but not identical.</footer></body></html>");
        return html.ToString();
    }

    /// <summary>Builds the page and writes it atomically.</summary>
    public static void Write(string path, IReadOnlyList<Dx7Voice> voices, ReportRequest request, ModelFolder? model, bool overwrite,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.CheckWritable(path, overwrite); // before the renders, not after them
        string html = Build(voices, request, model, path, progress, cancellation);
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(html), overwrite);
    }

    private static void Voice(StringBuilder html, int index, Dx7Voice voice, AuditionVerdict verdict, IReadOnlyList<int> keys, string[,] previews, SoundIndex? training)
    {
        html.Append(Invariant($"<section class=\"voice\" id=\"voice-{index}\" data-index=\"{index}\"><h2><span class=\"index\">{index}</span> "));
        html.Append(Encode(voice.Name.TrimEnd()));
        if (voice.Category is { } category)
        {
            html.Append(" <span class=\"badge category\" title=\"The kind of sound its name says\">").Append(VoiceCategories.Name(category)).Append("</span>");
        }

        if (!verdict.Sounds)
        {
            html.Append(" <span class=\"badge silent\" title=\"Its held note is quieter than -50 dBFS\">silent</span>");
        }
        else if (!verdict.Stops)
        {
            html.Append(" <span class=\"badge endless\" title=\"Still sounding a second after the key goes up\">never stops</span>");
        }

        html.Append("</h2><div class=\"sound\">");
        for (int n = 0; n < keys.Count; n++)
        {
            html.Append("<label>").Append(NoteName(keys[n])).Append(Invariant($" <audio controls preload=\"none\" data-note=\"{keys[n]}\" src=\"data:audio/wav;base64,"))
                .Append(previews[index, n]).Append("\"></audio></label>");
        }

        html.Append("</div><div class=\"structure\"><figure>").Append(AlgorithmDiagram.Svg(voice.Algorithm, voice.Feedback));
        html.Append(Invariant($"<figcaption>Algorithm {voice.Algorithm}, feedback {voice.Feedback}</figcaption></figure>"));
        html.Append("<table class=\"operators\"><thead><tr><th>OP</th><th>frequency</th><th>level</th><th>envelope</th></tr></thead><tbody>");
        foreach (var op in voice.Operators)
        {
            var trace = EnvelopeTrace.Operator(voice, op.Number, 1, 1);
            html.Append(Invariant($"<tr><td>{op.Number}</td><td>{Encode(op.Frequency.ToString())}</td><td>{op.OutputLevel}</td><td>"));
            html.Append(Plots.Envelope(trace, EnvelopeTrace.Step, 1, 0, 15, "operator", Invariant($"Operator {op.Number} envelope: rates {op.Envelope.Rate1} {op.Envelope.Rate2} {op.Envelope.Rate3} {op.Envelope.Rate4}, levels {op.Envelope.Level1} {op.Envelope.Level2} {op.Envelope.Level3} {op.Envelope.Level4}")));
            html.Append("</td></tr>");
        }

        var pitch = EnvelopeTrace.Pitch(voice, 1, 1);
        double range = Math.Max(0.5, pitch.Max(Math.Abs));
        var p = voice.PitchEnvelope;
        html.Append("<tr><td>pitch</td><td colspan=\"2\">").Append(voice.TransposeNote).Append("</td><td>");
        html.Append(Plots.Envelope(pitch, EnvelopeTrace.Step, 1, -range, range, "pitch", Invariant($"Pitch envelope: rates {p.Rate1} {p.Rate2} {p.Rate3} {p.Rate4}, levels {p.Level1} {p.Level2} {p.Level3} {p.Level4}")));
        html.Append("</td></tr></tbody></table></div>");
        if (training is not null && training.Voices.Count > 0)
        {
            var (nearest, distance) = training.Nearest(voice);
            string kind = distance == 0 ? "copy" : distance <= DuplicateTestRequest.NearCopyDistance ? "near" : "far";
            html.Append(Invariant($"<p class=\"nearest {kind}\" data-distance=\"{distance}\">Nearest training voice: "));
            html.Append(Encode(training.Voices[nearest].Name.TrimEnd()));
            html.Append(Invariant($", {distance} of 145 parameters differ"))
                .Append(distance == 0 ? " (a copy)." : distance <= DuplicateTestRequest.NearCopyDistance ? " (a near-copy)." : ".").Append("</p>");
        }

        html.Append("</section>");
    }

    private static string NoteName(int note) =>
        new[] { "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B" }[note % 12] + ((note / 12) - 2).ToString(CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private const string Style = """
        :root{--bg:#fbfaf7;--fg:#1d1d1f;--muted:#6b6b70;--card:#fff;--line:#c9c6bf;--accent:#b4491f;--carrier:#f3d7c8;--density:#b4491f}
        @media (prefers-color-scheme:dark){:root{--bg:#141416;--fg:#ececef;--muted:#a0a0a8;--card:#1f1f23;--line:#55555c;--accent:#ff8a5c;--carrier:#5a2f1f;--density:#ff8a5c}}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
        header,main,footer{max-width:1200px;margin:0 auto;padding:16px}h1{margin:.2em 0;font-size:1.6em}.summary,.model,footer{color:var(--muted)}
        a{color:var(--accent)}.download{font-weight:600}figure{margin:0}figcaption{color:var(--muted);font-size:.85em}
        main{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
        .voice{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px}
        .voice h2{font-size:1.1em;margin:0 0 8px;font-family:ui-monospace,Menlo,Consolas,monospace}.index{color:var(--muted);margin-right:.3em}
        .badge{font:600 .7em system-ui,sans-serif;padding:2px 7px;border-radius:9px;vertical-align:middle}.silent{background:#c62828;color:#fff}.endless{background:#f9a825;color:#000}.category{background:#e3e8ef;color:#243040;font-weight:500}
        .sound label{display:flex;align-items:center;gap:8px;font-size:.85em;color:var(--muted)}audio{width:100%;height:32px}
        .structure{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start;margin-top:8px}
        table{border-collapse:collapse;font-size:.8em}th,td{padding:1px 5px;text-align:left}th{color:var(--muted);font-weight:500}
        svg line,svg path,svg polyline{stroke:var(--fg);stroke-width:1.3;fill:none}svg .keyup{stroke:var(--line);stroke-dasharray:2 2}
        svg .feedback{stroke:var(--accent)}svg .op rect{fill:var(--card);stroke:var(--fg)}svg .carrier rect{fill:var(--carrier)}
        svg text{fill:var(--fg);font:11px system-ui,sans-serif;text-anchor:middle}svg .density{fill:var(--density)}svg .axis{stroke:var(--line)}
        svg .voice{fill:var(--card);stroke:var(--accent)}.latent-map text{font-size:7px}.envelope polyline{stroke:var(--accent)}
        .nearest{font-size:.85em;color:var(--muted);margin:6px 0 0}.nearest.copy,.nearest.near{color:var(--accent);font-weight:600}
        @media (max-width:420px){main{grid-template-columns:1fr}header,main{padding:8px}}
        """;
}
