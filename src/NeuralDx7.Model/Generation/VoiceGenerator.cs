using NeuralDx7.Model.Layers;
using NeuralDx7.Nn;
using NeuralDx7.Voice;

namespace NeuralDx7.Model.Generation;

/// <summary>How to move between two latents.</summary>
public enum InterpolationMethod
{
    /// <summary>A straight line.</summary>
    Linear,
    /// <summary>Along the great circle, radius interpolated: stays in the prior's typical set.</summary>
    Slerp,
}

/// <summary>Where the encoder puts a voice: the posterior of z0, and the decoder's latent for its mean.</summary>
/// <param name="Voice">The voice encoded.</param>
/// <param name="Mean">Posterior mean of z0.</param>
/// <param name="StandardDeviation">Posterior standard deviation of z0.</param>
/// <param name="Latent">The posterior mean through the voice's flows: the point the decoder reads (zK).</param>
public sealed record LatentCode(Dx7Voice Voice, float[] Mean, float[] StandardDeviation, float[] Latent)
{
    public string Name => Voice.Name;

    public string? Source => Voice.Source;

    public int? Index => Voice.Index;
}

/// <summary>A voice drawn for a category, and how typical of the category its sound is to the model.</summary>
/// <param name="Evidence">log p(sound | latent, category) - log p(sound | latent, any) in nats under the decoder by category:
/// above 0, the sound is likelier for the category than for voices at large (the name, drawn from the sound, is left out).</param>
public readonly record struct CategoryDraw(Dx7Voice Voice, double Evidence);

/// <summary>
/// Voices from a trained model: sampled from the prior, decoded from given latents, encoded, interpolated,
/// varied. Every decoded value is the argmax (or a temperature sample) over the parameter's valid range,
/// so every voice is valid. Buffers are reused between calls: one generator per thread of use.
/// </summary>
public sealed class VoiceGenerator(Dx7Vae model)
{
    /// <summary>Voices encoded per graph (<see cref="PosteriorSamples"/> gives each batch's samples round by round).</summary>
    private const int BatchLimit = 64;

    // Voices decoded per graph: a few keep every activation of a pass in a core's caches (four measured 10% faster
    // than sixteen), and two give the cores sixteen chunks of a cart to share when one of them is slowed by other work.
    // The autoregressive decoder's steps take eight rows, one GEMM tile high, whose keys and values (5 MB for a chunk's
    // 155 steps) stay in the shared cache with the other core's: a cart 65-75 ms here, against 79-93 with 16 and 95-108 with 4.
    private const int DecodeChunk = 2;
    private const int AutoregressiveChunk = 8;
    private readonly TensorPool<float>[] _pools = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new TensorPool<float>())];

    public Dx7Vae Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    public int LatentSize => Model.Config.LatentSize;

    /// <summary>
    /// <paramref name="count"/> voices drawn from <paramref name="prior"/> (N(0, I) when null): slot i of the result
    /// is <see cref="SampleSlots(ulong, IReadOnlyList{int}, int, ValueSampling, ILatentSource?, VoiceCategory?, double)"/>'s draw 0 for slot i, so a slot's voice does not depend on how many are asked for.
    /// </summary>
    public IReadOnlyList<Dx7Voice> Sample(int count, ulong seed, double temperature, LatentPrior? prior = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return SampleSlots(seed, [.. Enumerable.Range(0, count)], 0, temperature, prior);
    }

    /// <summary>
    /// Draw number <paramref name="draw"/> for each of <paramref name="slots"/> of the sample named by <paramref name="seed"/>:
    /// every (seed, slot, draw) has its own random stream, for its latent and its temperature sampling, so a slot can be
    /// drawn again (a silent voice replaced) without changing any other.
    /// </summary>
    public IReadOnlyList<Dx7Voice> SampleSlots(ulong seed, IReadOnlyList<int> slots, int draw, double temperature, ILatentSource? prior = null, double topP = 1) =>
        SampleSlots(seed, slots, draw, new ValueSampling(temperature, topP), prior);

    /// <summary>
    /// <see cref="SampleSlots(ulong, IReadOnlyList{int}, int, double, ILatentSource?, double)"/>, each value drawn as <paramref name="sampling"/>
    /// says, by a decoder by category told <paramref name="category"/> (others draw from the latents alone) with
    /// <paramref name="categoryStrength"/> (see <see cref="Decode(ReadOnlySpan{float}, ValueSampling, ReadOnlySpan{ulong}, VoiceCategory?, double)"/>).
    /// </summary>
    public IReadOnlyList<Dx7Voice> SampleSlots(ulong seed, IReadOnlyList<int> slots, int draw, ValueSampling sampling, ILatentSource? prior = null,
        VoiceCategory? category = null, double categoryStrength = 1)
    {
        ArgumentNullException.ThrowIfNull(slots);
        return SampleDraws(seed, [.. slots.Select(slot => (slot, draw))], sampling, prior, category, categoryStrength);
    }

    /// <summary>
    /// <see cref="SampleSlots(ulong, IReadOnlyList{int}, int, ValueSampling, ILatentSource?, VoiceCategory?, double)"/> for
    /// several draws of a slot at once: each (slot, draw) gives the voice that call would, decoded in one batch.
    /// </summary>
    public IReadOnlyList<Dx7Voice> SampleDraws(ulong seed, IReadOnlyList<(int Slot, int Draw)> draws, ValueSampling sampling, ILatentSource? prior = null,
        VoiceCategory? category = null, double categoryStrength = 1) =>
        [.. SampleCategoryDraws(seed, draws, sampling, prior, category, categoryStrength).Select(d => d.Voice)];

    /// <summary>
    /// <see cref="SampleDraws"/>, each voice with its <see cref="CategoryDraw.Evidence"/> for <paramref name="category"/>
    /// (0 without one, or from a decoder that does not read the category).
    /// </summary>
    public IReadOnlyList<CategoryDraw> SampleCategoryDraws(ulong seed, IReadOnlyList<(int Slot, int Draw)> draws, ValueSampling sampling,
        ILatentSource? prior = null, VoiceCategory? category = null, double categoryStrength = 1)
    {
        ArgumentNullException.ThrowIfNull(draws);
        prior ??= LatentPrior.StandardNormal(LatentSize);
        if (prior.Size != LatentSize)
        {
            throw new ArgumentException($"The latents have {prior.Size} dimensions; the model's latent has {LatentSize}.", nameof(prior));
        }

        var z = new float[draws.Count * LatentSize];
        var voiceSeeds = new ulong[draws.Count];
        for (int i = 0; i < draws.Count; i++)
        {
            var random = new SeededRandom(StreamOf(seed, draws[i].Slot, draws[i].Draw));
            prior.Sample(draws[i].Slot, random, z.AsSpan(i * LatentSize, LatentSize));
            voiceSeeds[i] = random.NextUInt64();
        }

        var evidence = new double[draws.Count];
        var voices = Decode(z, sampling, voiceSeeds, category, categoryStrength, evidence);
        return [.. voices.Select((v, i) => new CategoryDraw(v.WithOrigin($"{Label} seed {seed}", draws[i].Slot), evidence[i]))];
    }

    /// <summary>The seed of one (sample seed, slot, draw) stream: splitmix64 over the three.</summary>
    internal static ulong StreamOf(ulong seed, int slot, int draw)
    {
        ulong x = seed ^ ((ulong)(uint)slot * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)draw * 0xD1B54A32D192ED03UL);
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27; x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>
    /// Samples of where the encoder puts each voice in the decoder's latent space: z0 drawn from the voice's
    /// posterior, through its flows (zK). Together they sample the aggregate posterior a <see cref="LatentPrior"/> is fitted to.
    /// </summary>
    public IReadOnlyList<double[]> PosteriorSamples(IReadOnlyList<Dx7Voice> voices, int samplesPerVoice, SeededRandom random,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(voices);
        ArgumentNullException.ThrowIfNull(random);
        int l = LatentSize;
        var points = new List<double[]>(voices.Count * samplesPerVoice);
        for (int start = 0; start < voices.Count; start += BatchLimit)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(BatchLimit, voices.Count - start);
            var tokens = VoiceTokens.Encode(voices.Skip(start).Take(n).ToList());
            using var g = new Graph<float>(_pools[0], recording: false);
            var posterior = Model.Encode(g, tokens);
            var std = g.Exp(g.Scale(posterior.LogVariance, 0.5));
            for (int s = 0; s < samplesPerVoice; s++)
            {
                var noise = new float[n * l];
                for (int i = 0; i < noise.Length; i++)
                {
                    noise[i] = (float)random.NextNormal();
                }

                var z0 = g.Add(posterior.Mean, g.Multiply(std, g.Constant(noise, n, l)));
                var (z, _) = Model.Flow(g, z0, posterior);
                for (int v = 0; v < n; v++)
                {
                    points.Add([.. z.Data.Slice(v * l, l).ToArray().Select(x => (double)x)]);
                }
            }
        }

        return points;
    }

    /// <summary>
    /// <see cref="PosteriorSamples"/> grouped by voice: entry v holds voice v's <paramref name="samplesPerVoice"/> samples,
    /// the same draws from the same stream.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double[]>> PosteriorSamplesByVoice(IReadOnlyList<Dx7Voice> voices, int samplesPerVoice, SeededRandom random,
        CancellationToken cancellation = default)
    {
        var samples = PosteriorSamples(voices, samplesPerVoice, random, cancellation);
        var byVoice = voices.Select(_ => new List<double[]>(samplesPerVoice)).ToArray();
        int next = 0;
        for (int start = 0; start < voices.Count; start += BatchLimit)
        {
            int n = Math.Min(BatchLimit, voices.Count - start);
            for (int s = 0; s < samplesPerVoice; s++)
            {
                for (int v = 0; v < n; v++)
                {
                    byVoice[start + v].Add(samples[next++]);
                }
            }
        }

        return byVoice;
    }

    /// <summary>What generated voices name as their source ("dx7-vae seed 42").</summary>
    public string Label { get; init; } = "model";

    /// <summary>
    /// Decodes latents zK (count x L, one after another) into voices. The voices are shared out over the cores,
    /// each core decoding its share single-threaded; each voice samples from its own generator, so the result does
    /// not depend on how many cores there are.
    /// </summary>
    public IReadOnlyList<Dx7Voice> Decode(ReadOnlySpan<float> latents, double temperature, SeededRandom random, double topP = 1)
    {
        ArgumentNullException.ThrowIfNull(random);
        var seeds = new ulong[latents.Length / LatentSize];
        for (int i = 0; i < seeds.Length; i++)
        {
            seeds[i] = random.NextUInt64();
        }

        return Decode(latents, temperature, seeds, topP);
    }

    /// <summary>
    /// Decodes latents, voice i sampling (above temperature 0) from its own generator seeded by <paramref name="voiceSeeds"/>[i],
    /// each parameter from the smallest set of its values that holds <paramref name="topP"/> of the probability (1: all of them).
    /// </summary>
    public IReadOnlyList<Dx7Voice> Decode(ReadOnlySpan<float> latents, double temperature, ReadOnlySpan<ulong> voiceSeeds, double topP = 1) =>
        Decode(latents, new ValueSampling(temperature, topP), voiceSeeds);

    /// <summary>
    /// Decodes latents, voice i drawing its values as <paramref name="sampling"/> says from its own generator seeded by
    /// <paramref name="voiceSeeds"/>[i]; a decoder by category is told <paramref name="category"/> (null: any) for the sound,
    /// and not for the name, so the name is the model's own reading of the sound it drew (what a cart's screen checks).
    /// </summary>
    /// <param name="categoryStrength">How strongly the category is followed: 1 draws from the decoder told the category; above 1
    /// pushes each parameter's logits further from the decoder told "any" (l_any + s (l_category - l_any), as classifier-free
    /// guidance does), so voices are more typical of their kind; 0 ignores the category.</param>
    public IReadOnlyList<Dx7Voice> Decode(ReadOnlySpan<float> latents, ValueSampling sampling, ReadOnlySpan<ulong> voiceSeeds, VoiceCategory? category = null,
        double categoryStrength = 1) =>
        Decode(latents, sampling, voiceSeeds, category, categoryStrength, new double[latents.Length / LatentSize]);

    private Dx7Voice[] Decode(ReadOnlySpan<float> latents, ValueSampling sampling, ReadOnlySpan<ulong> voiceSeeds, VoiceCategory? category,
        double categoryStrength, double[] evidence)
    {
        sampling.Validate();
        int count = latents.Length / LatentSize;
        if (voiceSeeds.Length != count)
        {
            throw new ArgumentException($"{voiceSeeds.Length} seeds for {count} latents.", nameof(voiceSeeds));
        }

        var seeds = voiceSeeds.ToArray();
        var voices = new Dx7Voice[count];
        var z = latents.ToArray();
        // Told a category, each voice runs as two rows (told and "any"): half as many voices keep to eight rows.
        int chunkSize = Model.Autoregressive is null ? DecodeChunk : RunsBesideAny(CategoryCode.Of(category)) ? AutoregressiveChunk / 2 : AutoregressiveChunk;
        int chunks = (count + chunkSize - 1) / chunkSize, next = -1;
        int workers = Math.Clamp(count / 8, 1, _pools.Length);
        // What does not change between the chunks of this call: the decoder's positional FiLM and the packed weights.
        var positionalFilm = Model.PrecomputeDecoderFilm(_pools[0]);
        var weights = new PackedWeights();

        // Each worker takes the next chunk when it is free: a core slowed by other work then does fewer chunks
        // instead of holding up the cart. A voice's values do not depend on which chunk or core decodes it.
        System.Threading.Tasks.Parallel.For(0, workers, w =>
        {
            for (int chunk = Interlocked.Increment(ref next); chunk < chunks; chunk = Interlocked.Increment(ref next))
            {
                int start = chunk * chunkSize, n = Math.Min(chunkSize, count - start);
                if (Model.Autoregressive is null)
                {
                    DecodeRange(z, start, n, sampling, seeds, positionalFilm!, weights, voices, _pools[w]);
                }
                else
                {
                    DecodeStepByStep(z, start, n, sampling, seeds, CategoryCode.Of(category), categoryStrength, weights, voices, evidence, _pools[w]);
                }
            }
        });

        return voices;
    }

    private void DecodeRange(
        float[] latents, int start, int n, ValueSampling sampling, ulong[] seeds, FilmValues positionalFilm, PackedWeights weights, Dx7Voice[] voices,
        TensorPool<float> pool)
    {
        var tokens = new int[ModelConfig.Positions];
        var scratch = ValueSampling.NewScratch();
        using var g = new Graph<float>(pool, recording: false, parallel: false) { PackedWeights = weights };
        var logits = Model.Decode(g, g.Constant(latents.AsSpan(start * LatentSize, n * LatentSize), n, LatentSize), positionalFilm: positionalFilm);
        for (int v = 0; v < n; v++)
        {
            var random = new SeededRandom(seeds[start + v]);
            for (int position = 0; position < ModelConfig.Positions; position++)
            {
                var row = logits.Data.Slice(((v * ModelConfig.Positions) + position) * ModelConfig.Vocabulary, ModelConfig.Vocabulary);
                tokens[position] = sampling.Choose(row, position, random, scratch);
            }

            voices[start + v] = VoiceTokens.Decode(tokens);
        }
    }

    /// <summary>
    /// The autoregressive decoder's voices [start, start + n): 155 steps, each drawing one parameter of every voice given
    /// the latent and the values drawn before it (kept as keys and values, so a step costs one position, not all).
    /// Told a category, <paramref name="evidence"/>[i] gets voice i's <see cref="CategoryDraw.Evidence"/>.
    /// </summary>
    private void DecodeStepByStep(float[] latents, int start, int n, ValueSampling sampling, ulong[] seeds, int category, double categoryStrength,
        PackedWeights weights, Dx7Voice[] voices, double[] evidence, TensorPool<float> pool)
    {
        var decoder = Model.Autoregressive!;
        var randoms = Enumerable.Range(start, n).Select(i => new SeededRandom(seeds[i])).ToArray();
        var tokens = new int[n * ModelConfig.Positions];
        var scratch = ValueSampling.NewScratch();
        // Told a category, the same voices told "any" run beside them as rows n..2n of one batch: wider products, one pass.
        bool told = RunsBesideAny(category);
        int rows = told ? 2 * n : n, width = ModelConfig.Vocabulary;
        var previous = new int[rows];
        var toldLogits = told ? new float[n * width] : [];
        AutoregressiveDecoder.Sampling state;
        using (var g = new Graph<float>(pool, recording: false, parallel: false))
        {
            var own = latents.AsSpan(start * LatentSize, n * LatentSize);
            var z = g.Zeros(rows, LatentSize);
            own.CopyTo(z.Data);
            if (told)
            {
                own.CopyTo(z.Data[own.Length..]);
            }

            state = decoder.Begin(g, z, [.. Enumerable.Range(0, rows).Select(r => r < n ? category : CategoryCode.Any)]);
        }

        for (int step = 0; step < ModelConfig.Positions; step++)
        {
            using var g = new Graph<float>(pool, recording: false, parallel: false) { PackedWeights = weights };
            int position = ParameterOrder.Steps[step];
            var logits = decoder.Step(g, state, step, previous).Data;
            if (told)
            {
                // In place: this graph records nothing, so nothing else reads the logits.
                var guided = logits[..(n * width)];
                var any = logits.Slice(n * width, n * width);
                if (position >= Dx7Parameters.Name)
                {
                    any.CopyTo(guided); // the name as the decoder not told the category reads the sound it drew
                }
                else
                {
                    guided.CopyTo(toldLogits); // as the decoder told the category has them, for the evidence
                    if (categoryStrength != 1)
                    {
                        // l_any + s (l_category - l_any)
                        System.Numerics.Tensors.TensorPrimitives.Subtract(guided, any, guided);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(guided, (float)categoryStrength, any, guided);
                    }
                }
            }

            for (int v = 0; v < n; v++)
            {
                previous[v] = sampling.Choose(logits.Slice(v * width, width), position, randoms[v], scratch);
                tokens[(v * ModelConfig.Positions) + position] = previous[v];
            }

            if (told)
            {
                previous.AsSpan(0, n).CopyTo(previous.AsSpan(n)); // the "any" rows read the same drawn values
                for (int v = 0; v < n && position < Dx7Parameters.Name; v++)
                {
                    evidence[start + v] += Dx7Vae.MaskedLogProbability(toldLogits.AsSpan(v * width, width), position, previous[v])
                        - Dx7Vae.MaskedLogProbability(logits.Slice((n + v) * width, width), position, previous[v]);
                }
            }
        }

        for (int v = 0; v < n; v++)
        {
            voices[start + v] = VoiceTokens.Decode(tokens.AsSpan(v * ModelConfig.Positions, ModelConfig.Positions));
        }
    }

    // Whether a voice told this category (a CategoryCode) is drawn beside itself told "any": a decoder by category, told one.
    private bool RunsBesideAny(int category) => Model.Autoregressive is { ByCategory: true } && category != CategoryCode.Any;

    /// <summary>Posterior statistics and the decoder's latent of each voice.</summary>
    public IReadOnlyList<LatentCode> Encode(IReadOnlyList<Dx7Voice> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        var codes = new List<LatentCode>(voices.Count);
        int l = LatentSize;
        for (int start = 0; start < voices.Count; start += BatchLimit)
        {
            int n = Math.Min(BatchLimit, voices.Count - start);
            var tokens = VoiceTokens.Encode(voices.Skip(start).Take(n).ToList());
            using var g = new Graph<float>(_pools[0], recording: false);
            var posterior = Model.Encode(g, tokens);
            var std = g.Exp(g.Scale(posterior.LogVariance, 0.5));
            var (z, _) = Model.Flow(g, posterior.Mean, posterior);
            for (int v = 0; v < n; v++)
            {
                codes.Add(new LatentCode(
                    voices[start + v],
                    posterior.Mean.Data.Slice(v * l, l).ToArray(),
                    std.Data.Slice(v * l, l).ToArray(),
                    z.Data.Slice(v * l, l).ToArray()));
            }
        }

        return codes;
    }

    /// <summary><paramref name="steps"/> voices moving from <paramref name="from"/> to <paramref name="to"/> through the decoder's latent space.</summary>
    public IReadOnlyList<Dx7Voice> Interpolate(Dx7Voice from, Dx7Voice to, int steps, InterpolationMethod method, double temperature = 0, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var codes = Encode([from, to]);
        var a = codes[0].Latent;
        var b = codes[1].Latent;
        var path = new float[steps * LatentSize];
        for (int s = 0; s < steps; s++)
        {
            double t = (double)s / (steps - 1);
            var point = method == InterpolationMethod.Slerp ? Slerp(a, b, t) : Lerp(a, b, t);
            point.CopyTo(path, s * LatentSize);
        }

        return Decode(path, temperature, new SeededRandom(seed));
    }

    /// <summary>
    /// <paramref name="count"/> variations of a voice: z0 drawn from its posterior with the standard deviation
    /// scaled by <paramref name="spread"/>, pushed through its flows, decoded.
    /// </summary>
    public IReadOnlyList<Dx7Voice> Vary(Dx7Voice voice, int count, double spread, ulong seed, double temperature = 0)
    {
        ArgumentNullException.ThrowIfNull(voice);
        var random = new SeededRandom(seed);
        int l = LatentSize;
        var tokens = VoiceTokens.Encode(Enumerable.Repeat(voice, count).ToList());
        var latents = new float[count * l];
        using (var g = new Graph<float>(_pools[0], recording: false))
        {
            var posterior = Model.Encode(g, tokens);
            var noise = new float[count * l];
            for (int i = 0; i < noise.Length; i++)
            {
                noise[i] = (float)(random.NextNormal() * spread);
            }

            var std = g.Exp(g.Scale(posterior.LogVariance, 0.5));
            var z0 = g.Add(posterior.Mean, g.Multiply(std, g.Constant(noise, count, l)));
            var (z, _) = Model.Flow(g, z0, posterior);
            z.Data.CopyTo(latents);
        }

        return Decode(latents, temperature, random);
    }

    internal static float[] Lerp(float[] a, float[] b, double t) =>
        [.. a.Select((x, i) => (float)(x + ((b[i] - x) * t)))];

    /// <summary>Spherical interpolation of direction, with the norm interpolated linearly.</summary>
    internal static float[] Slerp(float[] a, float[] b, double t)
    {
        double na = Math.Sqrt(a.Sum(x => (double)x * x)), nb = Math.Sqrt(b.Sum(x => (double)x * x));
        if (na < 1e-9 || nb < 1e-9)
        {
            return Lerp(a, b, t);
        }

        double cos = Math.Clamp(a.Select((x, i) => (double)x * b[i]).Sum() / (na * nb), -1, 1);
        double omega = Math.Acos(cos);
        if (omega < 1e-6)
        {
            return Lerp(a, b, t);
        }

        double sin = Math.Sin(omega);
        double wa = Math.Sin((1 - t) * omega) / sin, wb = Math.Sin(t * omega) / sin;
        double radius = na + ((nb - na) * t);
        var direction = a.Select((x, i) => (wa * x / na) + (wb * b[i] / nb)).ToArray();
        double length = Math.Sqrt(direction.Sum(x => x * x));
        return [.. direction.Select(x => (float)(x / length * radius))];
    }
}
