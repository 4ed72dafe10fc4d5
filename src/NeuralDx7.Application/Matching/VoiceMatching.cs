using NeuralDx7.Application.Evaluation;
using NeuralDx7.Matching;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Application.Matching;

/// <summary>Find the voice for a sound: which recording, at which key, for how long, from which seed.</summary>
/// <param name="Target">A WAV file of one note.</param>
/// <param name="Note">The MIDI key it was played at; null finds it from the pitch.</param>
/// <param name="Seconds">Time the search may take.</param>
/// <param name="Evaluations">Voices the search may hear; with the seed, it decides the voice found (null: as many as the time allows, up to a million).</param>
/// <param name="Library">The data the model and its audio encoder were trained on: the search then also hears the training voices
/// whose sound is nearest as they are (null: only as the model decodes them).</param>
/// <param name="Ear">The synth the search listens through: the voice found sounds like the target on it.</param>
public sealed record MatchRequest(string Target, int? Note = null, double Seconds = 60, int? Evaluations = null, ulong Seed = 1, string? Library = null, Ear Ear = Ear.Ours)
{
    public const int MaxEvaluations = 1_000_000;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Target))
        {
            throw new InvalidRequestException(nameof(Target), "must name a WAV file of one note.");
        }

        Check.Range(nameof(Seconds), Seconds, 1, 3600);
        if (Note is int note)
        {
            Check.Range(nameof(Note), note, 0, 127);
        }

        if (Evaluations is int evaluations)
        {
            Check.Range(nameof(Evaluations), evaluations, 24, MaxEvaluations);
        }

        Ears.Check(Ear);
    }

    public SearchBudget Budget => new(Evaluations ?? MaxEvaluations, TimeSpan.FromSeconds(Seconds));
}

/// <summary>The voice found, how near it sounds, and how the target was read.</summary>
/// <param name="Distance">Its distance from the target (multi-resolution log spectra and loudness; 0 is identical).</param>
/// <param name="StartDistance">The best of the audio encoder's proposals, before the search.</param>
public sealed record MatchResult(
    Dx7Voice Voice, double Distance, double StartDistance, int Note, double? Hertz, double HoldSeconds, double ReleaseSeconds,
    int Evaluations, bool Stopped, double Seconds, bool UsedEncoder, Ear Ear = Ear.Ours, int LibraryVoicesHeard = 0);

/// <summary>The ga-synth idea, working: a network proposes where to start, a search by ear finishes the job.</summary>
public static class VoiceMatching
{
    public static MatchResult Match(ModelFolder model, MatchRequest request, IProgress<SearchProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var target = TargetSound.Analyse(request.Target, request.Note);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var encoder = model.AudioEncoder;
        var library = request.Library is null ? null : VoiceLibrary.Open(model, request.Library, cancellation);
        var found = new VoiceSearch(model.Generator, model.Prior(null), target, encoder, library, request.Ear).Run(request.Budget, request.Seed, progress, cancellation);
        string name = Path.GetFileNameWithoutExtension(request.Target);
        var voice = found.Voice.WithName(name.Length > Dx7Parameters.NameLength ? name[..Dx7Parameters.NameLength] : name)
            .WithOrigin($"{model.Name} match of {Path.GetFileName(request.Target)} seed {request.Seed}", 0);
        return new MatchResult(voice, found.Distance, found.StartDistance, target.Note, double.IsNaN(target.Hertz) ? null : target.Hertz,
            target.HoldSeconds, target.ReleaseSeconds, found.Evaluations, found.Stopped, clock.Elapsed.TotalSeconds, encoder is not null, request.Ear,
            found.LibraryVoicesHeard);
    }

    /// <summary>Renders a found voice the way the target was played, at 44.1 kHz, through the ear that found it: to hear the match.</summary>
    public static float[] Render(MatchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Ears.Renderer(result.Ear)(result.Voice, new AuditionOptions
        {
            Note = result.Note, Velocity = 100, HoldSeconds = result.HoldSeconds, ReleaseSeconds = result.ReleaseSeconds,
        });
    }
}

/// <summary>Training the audio encoder: which data, from which seed, replacing the folder's encoder or not.</summary>
public sealed record MatcherTrainingRequest(string Data, ulong Seed = 1, int Epochs = 40, bool Overwrite = false)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            throw new InvalidRequestException(nameof(Data), "must name the data the model was trained on.");
        }

        Check.Range(nameof(Epochs), Epochs, 1, 1000);
    }
}

/// <summary>How the audio encoder did: voices rendered, and its error on training and validation voices (mean squared, per latent dimension).</summary>
public sealed record MatcherTrainingResult(string Path, int TrainVoices, int ValidationVoices, double TrainError, double ValidationError, double LatentVariance);

public static class MatcherTraining
{
    /// <summary>
    /// Renders every training voice the model knows at a random key (36-84) and trains the audio encoder to say where
    /// the model's encoder puts it; validation voices measure it. Saves <see cref="AudioEncoder.FileName"/> in the model folder.
    /// </summary>
    public static MatcherTrainingResult Train(ModelFolder model, MatcherTrainingRequest request, IProgress<(string Stage, int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        string path = Path.Combine(model.Path, AudioEncoder.FileName);
        IO.AtomicFile.CheckWritable(path, request.Overwrite); // before the renders and the training, not after
        var data = TrainingData.Open(request.Data, model, cancellation: cancellation);
        if (data.TrainedOn.Count < 256)
        {
            throw new InvalidDataException($"{request.Data} holds {data.TrainedOn.Count} of the voices {model.Path} was trained on: train the matcher on the data the model was trained on.");
        }

        var validation = data.Dataset.Validation.Where(v => !model.Trained.TrainingVoices.Contains(v.SoundFingerprint)).ToList();
        var (trainEmbeddings, trainLatents) = AudioEncoderExamples.Of(model.Generator, data.TrainedOn, request.Seed, new Stage(progress, "rendering training voices"), cancellation);
        var (validationEmbeddings, validationLatents) = AudioEncoderExamples.Of(model.Generator, validation, request.Seed + 1, new Stage(progress, "rendering validation voices"), cancellation);
        var (encoder, trainError, validationError) = AudioEncoder.Train(trainEmbeddings, trainLatents, validationEmbeddings, validationLatents, request.Seed, request.Epochs,
            new Stage(progress, "training"), cancellation);
        encoder.Save(path, request.Overwrite, model.WeightsFingerprint);
        double variance = trainLatents.SelectMany(z => z).Select(v => (double)v * v).Average() - Math.Pow(trainLatents.SelectMany(z => z).Average(v => (double)v), 2);
        return new MatcherTrainingResult(path, trainEmbeddings.Count, validationEmbeddings.Count, trainError, validationError, variance);
    }

    private sealed class Stage(IProgress<(string Stage, int Done, int Total)>? inner, string stage) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => inner?.Report((stage, value.Done, value.Total));
    }
}
