using NeuralDx7.Codec;
using NeuralDx7.Synth;
using NeuralDx7.Voice;

namespace NeuralDx7.Tests.Synth;

public sealed class SynthTests
{
    private const int Rate = 44100;

    /// <summary>The init voice with some values changed: one carrier (OP1, output 99), so a plain sine unless told otherwise.</summary>
    private static Dx7Voice Voice(params (string Parameter, int Value)[] changes)
    {
        var voice = Dx7Voice.Init;
        foreach (var (name, value) in changes)
        {
            voice = voice.With((Dx7Parameters.Find(name) ?? throw new ArgumentException(name)).Index, value);
        }

        return voice;
    }

    private static float[] Render(Dx7Voice voice, int note = 60, int velocity = 100, double hold = 1.0, double release = 1.0, int rate = Rate) =>
        AuditionRenderer.Render(voice, new AuditionOptions { Note = note, Velocity = velocity, HoldSeconds = hold, ReleaseSeconds = release, SampleRate = rate });

    private static double Cents(double frequency, double expected) => 1200 * Math.Log2(frequency / expected);

    /// <summary>The frequency of the held part, after the attack.</summary>
    private static double HeldFrequency(float[] samples, int rate = Rate) =>
        AudioAnalysis.ZeroCrossingFrequency(samples.AsSpan(rate / 10, rate - (rate / 10)), rate);

    [CorpusFact]
    public void A_ratio_1_operator_at_note_69_sounds_at_440_Hz_within_a_cent()
    {
        var voice = Voice(("OP1 Frequency Coarse", 1), ("OP1 Frequency Fine", 0), ("OP1 Detune", 7));
        double frequency = HeldFrequency(Render(voice, note: 69));
        Assert.InRange(Cents(frequency, 440), -1, 1);
    }

    [CorpusTheory]
    [InlineData(0, 0, 69, 220.0)] // coarse 0 is half the key's frequency
    [InlineData(2, 50, 69, 1320.0)] // 2 x 1.50
    [InlineData(1, 0, 57, 220.0)]
    [InlineData(3, 25, 81, 3300.0)] // 3 x 1.25 at A5
    public void Ratio_mode_follows_the_key_times_coarse_times_one_plus_fine(int coarse, int fine, int note, double expected)
    {
        var voice = Voice(("OP1 Frequency Coarse", coarse), ("OP1 Frequency Fine", fine));
        Assert.InRange(Cents(HeldFrequency(Render(voice, note: note)), expected), -1, 1);
    }

    [CorpusTheory]
    [InlineData(1, 50)] // 10^1.5 = 31.6 Hz
    [InlineData(2, 0)] // 100 Hz
    [InlineData(2, 99)] // 977 Hz
    [InlineData(3, 0)] // 1000 Hz
    [InlineData(3, 44)] // 2754 Hz
    public void Fixed_mode_is_ten_to_the_coarse_plus_fine_over_100_Hz_whatever_the_key(int coarse, int fine)
    {
        double expected = Math.Pow(10, coarse + (fine / 100.0));
        var voice = Voice(("OP1 Oscillator Mode", 1), ("OP1 Frequency Coarse", coarse), ("OP1 Frequency Fine", fine));
        foreach (int note in new[] { 36, 60, 96 })
        {
            Assert.InRange(Cents(HeldFrequency(Render(voice, note: note)), expected), -1, 1);
        }
    }

    [CorpusFact]
    public void Transpose_moves_ratio_operators_by_semitones()
    {
        var up = Voice(("Transpose", 36)); // C3 + 12: an octave up
        Assert.InRange(Cents(HeldFrequency(Render(up, note: 69)), 880), -1, 1);
    }

    [CorpusTheory]
    [InlineData(69, 1)]
    [InlineData(33, 1)]
    [InlineData(45, 2)]
    public void Detune_shifts_the_key_by_a_32nd_of_a_hertz_a_step_before_the_ratio(int note, int coarse)
    {
        double centre = HeldFrequency(Render(Voice(("OP1 Frequency Coarse", coarse)), note: note));
        double sharp = HeldFrequency(Render(Voice(("OP1 Frequency Coarse", coarse), ("OP1 Detune", 14)), note: note));
        double flat = HeldFrequency(Render(Voice(("OP1 Frequency Coarse", coarse), ("OP1 Detune", 0)), note: note));
        Assert.Equal(coarse * 7 / 32.0, sharp - centre, 2);
        Assert.Equal(-coarse * 7 / 32.0, flat - centre, 2);
    }

    [CorpusFact]
    public void Output_level_steps_are_three_quarters_of_a_decibel()
    {
        static double HeldDb(int level) => AudioAnalysis.RmsDecibels(Render(Voice(("OP1 Output Level", level)), velocity: 127).AsSpan(Rate / 2, Rate / 4), Rate, 0.25)[0];
        Assert.InRange(HeldDb(99) - HeldDb(89), 7.4, 7.65); // 10 steps of 1/8 octave of amplitude = 7.53 dB
        Assert.InRange(HeldDb(50) - HeldDb(40), 7.4, 7.65);
        Assert.True(HeldDb(10) < HeldDb(19) - 6, "the low levels are steeper, from the DX7's level table");
    }

    [CorpusFact]
    public void Velocity_sensitivity_makes_soft_keys_quieter_and_zero_sensitivity_ignores_velocity()
    {
        static double Db(Dx7Voice v, int velocity) => AudioAnalysis.RmsDecibels(Render(v, velocity: velocity).AsSpan(Rate / 2, Rate / 4), Rate, 0.25)[0];
        var insensitive = Voice();
        Assert.Equal(Db(insensitive, 127), Db(insensitive, 20), 3);
        var sensitive = Voice(("OP1 Velocity Sensitivity", 7));
        Assert.True(Db(sensitive, 20) < Db(sensitive, 127) - 10);
    }

    [CorpusFact]
    public void Envelopes_attack_fast_or_slow_as_rate_1_says_and_release_decays()
    {
        static int FramesTo3dB(float[] s)
        {
            var db = AudioAnalysis.RmsDecibels(s.AsSpan(0, Rate), Rate);
            double top = db.Max();
            return Array.FindIndex(db, d => d > top - 3);
        }

        int fast = FramesTo3dB(Render(Voice(("OP1 EG Rate 1", 99))));
        int slow = FramesTo3dB(Render(Voice(("OP1 EG Rate 1", 50))));
        Assert.InRange(fast, 0, 2);
        Assert.True(slow > fast + 10, $"rate 50 reached full level after {slow} frames of 10 ms, rate 99 after {fast}");

        var samples = Render(Voice(("OP1 EG Rate 4", 60)));
        var levels = AudioAnalysis.RmsDecibels(samples, Rate);
        Assert.True(levels[^5] < levels[90] - 30, $"held {levels[90]:0} dB, end of release {levels[^5]:0} dB");
        Assert.True(levels[110] < levels[90] && levels[130] < levels[110], "the release falls steadily");
    }

    [CorpusFact]
    public void Rate_scaling_makes_high_keys_decay_faster()
    {
        static int FramesToFall20dB(Dx7Voice v, int note)
        {
            var db = AudioAnalysis.RmsDecibels(Render(v, note: note, hold: 3), Rate);
            double top = db.Max();
            return Array.FindIndex(db, d => d < top - 20);
        }

        var plain = Voice(("OP1 EG Rate 2", 40), ("OP1 EG Level 2", 0));
        var scaled = Voice(("OP1 EG Rate 2", 40), ("OP1 EG Level 2", 0), ("OP1 Rate Scaling", 7));
        Assert.InRange(FramesToFall20dB(scaled, 21) - FramesToFall20dB(plain, 21), -2, 2); // none at the bottom key
        Assert.True(FramesToFall20dB(scaled, 96) * 4 < FramesToFall20dB(plain, 96), "rate scaling 7 speeds the top keys by over 30 rate steps");
    }

    [CorpusFact]
    public void Keyboard_level_scaling_lowers_keys_beyond_the_break_point()
    {
        var scaled = Voice(("OP1 Break Point", 39), ("OP1 Right Depth", 99), ("OP1 Right Curve", 0)); // C3, -LIN to the right
        static double Db(Dx7Voice v, int note) => AudioAnalysis.RmsDecibels(Render(v, note: note).AsSpan(Rate / 2, Rate / 4), Rate, 0.25)[0];
        Assert.Equal(Db(Voice(), 40), Db(scaled, 40), 1); // left of the break point: no depth, no change
        Assert.Equal(Db(Voice(), 60), Db(scaled, 60), 1);

        // An octave up: 12 keys at 99/45 steps a key is 26 steps of 0.75 dB.
        Assert.InRange(Db(scaled, 60) - Db(scaled, 72), 17, 22);
        Assert.True(Db(scaled, 96) < Db(scaled, 72) - 20);
    }

    [CorpusFact]
    public void A_modulator_brightens_the_carrier_and_feedback_brightens_more()
    {
        static double Centroid(Dx7Voice v) => AudioAnalysis.SpectralCentroid(Render(v, note: 48).AsSpan(0, Rate), Rate);
        double plain = Centroid(Voice());
        double modulated = Centroid(Voice(("OP2 Output Level", 80)));
        Assert.InRange(plain, 120, 140); // C3 is 130.8 Hz
        Assert.True(modulated > plain * 2, $"{modulated:0} Hz vs {plain:0} Hz");

        // Algorithm 2: OP2 feeds back into itself.
        double feedback = Centroid(Voice(("Algorithm", 1), ("OP2 Output Level", 80), ("Feedback", 7)));
        Assert.True(feedback > modulated * 1.2, $"{feedback:0} Hz vs {modulated:0} Hz");
    }

    [CorpusFact]
    public void The_lfo_swings_the_pitch_when_asked()
    {
        var vibrato = Voice(("LFO Speed", 30), ("LFO Pitch Mod Depth", 99), ("Pitch Mod Sensitivity", 7), ("LFO Wave", 0));
        var samples = Render(vibrato, note: 69, hold: 2);
        var quarters = Enumerable.Range(0, 16).Select(i => AudioAnalysis.ZeroCrossingFrequency(samples.AsSpan(i * Rate / 8, Rate / 8), Rate)).ToArray();
        Assert.True(Cents(quarters.Max(), quarters.Min()) > 300, string.Join(", ", quarters.Select(q => q.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.InRange(Cents(HeldFrequency(Render(Voice(), note: 69)), 440), -1, 1); // and not without
    }

    [CorpusFact]
    public void The_pitch_envelope_bends_the_start_of_the_note()
    {
        var bend = Voice(("Pitch EG Level 4", 62), ("Pitch EG Rate 1", 30), ("Pitch EG Level 1", 50), ("Pitch EG Level 2", 50), ("Pitch EG Level 3", 50));
        var samples = Render(bend, note: 69, hold: 2);
        double start = AudioAnalysis.ZeroCrossingFrequency(samples.AsSpan(0, Rate / 50), Rate);
        double held = AudioAnalysis.ZeroCrossingFrequency(samples.AsSpan(Rate, Rate / 2), Rate);
        Assert.InRange(Cents(held, 440), -1, 1);
        Assert.InRange(Cents(start, 440), 300, 500); // level 62 is 12/32 octave: 450 cents
    }

    [CorpusFact]
    public void Every_factory_voice_of_ROM1A_sounds_and_renders_the_same_twice()
    {
        var voices = Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices.Select(v => v.Voice).ToList();
        Assert.Equal(32, voices.Count);
        foreach (var voice in voices)
        {
            var first = Render(voice);
            Assert.Equal(first, Render(voice));
            double loudest = AudioAnalysis.RmsDecibels(first, Rate).Max();
            Assert.True(loudest > -60, $"{voice.Name} peaks at {loudest:0} dB"); // TAKE OFF swells slowly: -54 dB in two seconds
        }
    }

    [CorpusFact]
    public void Thousands_of_random_voices_never_make_NaN_infinity_or_samples_beyond_full_scale()
    {
        var random = new Random(7);
        var values = new byte[Dx7Parameters.Count];
        for (int i = 0; i < 3000; i++)
        {
            bool clamped = i % 3 == 0; // a third are random 7-bit bytes, the engine clamps them
            foreach (var parameter in Dx7Parameters.All)
            {
                values[parameter.Index] = (byte)(clamped ? random.Next(0, 128) : random.Next(parameter.Min, parameter.Max + 1));
            }

            var voice = Dx7Voice.FromParameters(values);
            int rate = i % 50 == 0 ? Dx7Synth.MinSampleRate : i % 50 == 1 ? Dx7Synth.MaxSampleRate : Rate;
            var samples = Render(voice, note: random.Next(0, 128), velocity: random.Next(1, 128), hold: 0.1, release: 0.05, rate: rate);
            int bad = Array.FindIndex(samples, x => !float.IsFinite(x) || Math.Abs(x) > 1);
            Assert.True(bad < 0, bad < 0 ? null : $"voice {i}: sample {bad} is {samples[bad]}");
        }
    }

    [CorpusFact]
    public void Polyphony_steals_the_oldest_note_and_frees_notes_once_released()
    {
        var synth = new Dx7Synth(Rate, polyphony: 2) { Voice = Voice(("OP1 EG Rate 4", 99)) };
        var buffer = new float[Rate / 10];
        synth.NoteOn(60, 100);
        synth.NoteOn(64, 100);
        synth.NoteOn(67, 100);
        synth.Render(buffer);
        Assert.Equal(2, synth.ActiveNotes);
        synth.ReleaseAll();
        synth.Render(buffer);
        Assert.Equal(0, synth.ActiveNotes);
        Assert.True(Math.Abs(buffer[^1]) < 1e-4);
    }

    [CorpusFact]
    public void A_chord_is_louder_than_one_note_and_still_within_full_scale()
    {
        var synth = new Dx7Synth(Rate) { Voice = Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices[10].Voice };
        foreach (int key in new[] { 48, 52, 55, 60, 64, 67, 72, 76 })
        {
            synth.NoteOn(key, 127);
        }

        var buffer = new float[Rate];
        synth.Render(buffer);
        Assert.Equal(8, synth.ActiveNotes);
        Assert.All(buffer, x => Assert.InRange(x, -1f, 1f));
    }

    [CorpusFact]
    public void Wav_files_hold_what_was_rendered_to_16_bits()
    {
        var samples = Render(Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices[0].Voice);
        var (decoded, rate) = WavFile.Decode(WavFile.Encode(samples, Rate));
        Assert.Equal(Rate, rate);
        Assert.Equal(samples.Length, decoded.Length);
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.True(Math.Abs(samples[i] - decoded[i]) <= 1.0 / 32767, $"sample {i}");
        }

        Assert.Throws<InvalidDataException>(() => WavFile.Decode(File.ReadAllBytes(SharedData.Rom("ROM1A"))));
    }

    [CorpusFact]
    public void Bad_audition_options_are_refused_with_the_option_named()
    {
        var voice = Voice();
        Assert.Contains("velocity", Assert.Throws<ArgumentException>(() => Render(voice, velocity: 0)).Message, StringComparison.Ordinal);
        Assert.Contains("note", Assert.Throws<ArgumentException>(() => Render(voice, note: 128)).Message, StringComparison.Ordinal);
        Assert.Contains("sample rate", Assert.Throws<ArgumentException>(() => Render(voice, rate: 1000)).Message, StringComparison.Ordinal);
        Assert.Contains("300", Assert.Throws<ArgumentException>(() => Render(voice, hold: 1e6)).Message, StringComparison.Ordinal);
    }
}
