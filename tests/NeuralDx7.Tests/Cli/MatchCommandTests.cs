using System.Buffers.Binary;
using System.Text.Json;
using NeuralDx7.Codec;
using NeuralDx7.Synth;

namespace NeuralDx7.Tests.Cli;

/// <summary>dx7 match as a user runs it: a recording in, a voice out, and clear refusals of what is not one note.</summary>
public sealed class MatchCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // E.PIANO 1 at middle C, held a second and released for one, as our engine plays it.
    private static float[] Target => AuditionRenderer.Render(Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices[10].Voice, AuditionOptions.Default);

    private static JsonElement Json(Dx7Run run)
    {
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        return JsonDocument.Parse(run.Output).RootElement;
    }

    [CorpusFact]
    public void A_recorded_note_gives_a_voice_no_farther_than_the_encoders_start_and_the_seed_and_budget_decide_it()
    {
        WavFile.Write(_temp.File("epiano.wav"), Target, 44100, overwrite: false);
        string[] args = ["match", _temp.File("epiano.wav"), "--evaluations", "240", "--seconds", "120", "--json"];
        var first = Json(Dx7Process.Run([.. args, "--out", _temp.File("found.syx"), "--render", _temp.File("found.wav")]));
        Assert.Equal(60, first.GetProperty("note").GetInt32()); // found from the pitch
        Assert.InRange(first.GetProperty("hertz").GetDouble(), 255, 268);
        Assert.Equal(240, first.GetProperty("evaluations").GetInt32());
        Assert.True(first.GetProperty("distance").GetDouble() <= first.GetProperty("startDistance").GetDouble());
        var voice = Dx7Reader.ReadFile(_temp.File("found.syx")).Voices.Single().Voice;
        Assert.True(voice.IsValid);
        Assert.Equal("epiano", voice.Name.TrimEnd());
        Assert.True(new FileInfo(_temp.File("found.wav")).Length > 44_100);

        var again = Json(Dx7Process.Run(args));
        Assert.Equal(first.GetProperty("sysex").GetString(), again.GetProperty("sysex").GetString());
    }

    [CorpusFact]
    public void The_training_voices_are_heard_as_they_are_within_their_share_of_the_budget_and_other_data_is_refused()
    {
        WavFile.Write(_temp.File("epiano.wav"), Target, 44100, overwrite: false);
        string[] args = ["match", _temp.File("epiano.wav"), "--evaluations", "1000", "--json"];
        var alone = Json(Dx7Process.Run(args));
        var withLibrary = Json(Dx7Process.Run([.. args, "--library", SharedData.Corpus]));
        // The same proposals from the same seed, and 376 library voices besides (to 40% of the budget, after the 24
        // proposals): the start is the nearest of them all, so never farther than without them.
        Assert.Equal(0, alone.GetProperty("libraryVoicesHeard").GetInt32());
        Assert.Equal(376, withLibrary.GetProperty("libraryVoicesHeard").GetInt32());
        Assert.Equal(1000, withLibrary.GetProperty("evaluations").GetInt32());
        Assert.True(withLibrary.GetProperty("startDistance").GetDouble() <= alone.GetProperty("startDistance").GetDouble(),
            $"start {withLibrary.GetProperty("startDistance")} with the library, {alone.GetProperty("startDistance")} without");

        var refused = Dx7Process.Run([.. args, "--library", Path.GetDirectoryName(SharedData.Rom("ROM1A"))!]);
        Assert.True(refused.ExitCode == 2, Dx7Process.Describe(refused));
        Assert.Contains("--library must be the data the audio encoder", refused.Error);
    }

    [NeuralDx7.Tests.Synth.HexterFact]
    public void With_ear_hexter_the_search_listens_through_hexter_and_renders_the_match_through_it()
    {
        var epiano = Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices[10].Voice;
        WavFile.Write(_temp.File("hexter-epiano.wav"), Hexter.Render(epiano, AuditionOptions.Default), 44100, overwrite: false);
        string[] args = ["match", _temp.File("hexter-epiano.wav"), "--note", "60", "--evaluations", "240", "--json"];
        var hexter = Json(Dx7Process.Run([.. args, "--ear", "hexter", "--out", _temp.File("found.syx"), "--render", _temp.File("found.wav")]));
        var ours = Json(Dx7Process.Run(args));
        Assert.Equal(240, hexter.GetProperty("evaluations").GetInt32());
        Assert.True(hexter.GetProperty("distance").GetDouble() <= hexter.GetProperty("startDistance").GetDouble());
        // The same seed and budget, another ear: the distances are measured through the other synth.
        Assert.NotEqual(ours.GetProperty("distance").GetDouble(), hexter.GetProperty("distance").GetDouble());

        // What --render wrote is hexter playing the voice found as the target was played.
        var found = Dx7Reader.ReadFile(_temp.File("found.syx")).Voices.Single().Voice;
        var rendered = WavFile.Decode(File.ReadAllBytes(_temp.File("found.wav"))).Samples;
        var options = new AuditionOptions
        {
            Note = 60, Velocity = 100, HoldSeconds = hexter.GetProperty("holdSeconds").GetDouble(), ReleaseSeconds = hexter.GetProperty("releaseSeconds").GetDouble(),
        };
        var expected = Hexter.Render(found, options);
        Assert.Equal(expected.Length, rendered.Length);
        double worst = expected.Zip(rendered, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 0.01, $"the rendered match differs from hexter's render of the voice found by up to {worst}"); // far below what is heard
        Assert.True(AuditionRenderer.Render(found, options).Zip(rendered, (a, b) => Math.Abs(a - b)).Max() > 0.01, "the rendered match is our engine's render");
    }

    [CorpusFact]
    public void A_target_is_as_long_as_the_candidates_played_its_way()
    {
        // Held an odd number of centiseconds, hold and release at 22.05 kHz each end in half a sample; rounded as one
        // length the target came a sample off a candidate's, and the search then heard every candidate as silence.
        var organ = Dx7Reader.ReadFile(SharedData.Rom("ROM1A")).Voices[16].Voice;
        for (int centiseconds = 50; centiseconds < 80; centiseconds++)
        {
            var sound = AuditionRenderer.Render(organ, new AuditionOptions { HoldSeconds = centiseconds / 100.0, ReleaseSeconds = 0.4 });
            string path = _temp.File($"held-{centiseconds}.wav");
            WavFile.Write(path, sound, 44100, overwrite: false);
            var target = NeuralDx7.Matching.TargetSound.Analyse(path, 60);
            var candidate = AuditionRenderer.Render(organ, target.Audition);
            Assert.True(candidate.Length == target.Samples.Length, $"held {target.HoldSeconds} s, released {target.ReleaseSeconds} s: a candidate has {candidate.Length} samples, the target {target.Samples.Length}");
            // Heard, not silence (100): the voice itself, played the way the target was read, is near it.
            double distance = new NeuralDx7.Matching.SpectralDistance(target.Samples, target.Audition.SampleRate).Distance(candidate);
            Assert.True(distance < 2, $"held {centiseconds} cs: the voice itself is {distance} from the target");
        }
    }

    [CorpusTheory]
    [InlineData(24, 2, 48000, false)]
    [InlineData(32, 1, 96000, true)]
    [InlineData(16, 2, 22050, false)]
    public void Recordings_in_the_common_formats_are_read(int bits, int channels, int rate, bool isFloat)
    {
        var resampled = new Recording(Target, 44100, 1, 32, true).Resampled(rate);
        string path = _temp.File($"target-{bits}-{channels}-{rate}.wav");
        File.WriteAllBytes(path, Wav(resampled, rate, bits, channels, isFloat));
        var json = Json(Dx7Process.Run("match", path, "--evaluations", "48", "--json"));
        Assert.Equal(60, json.GetProperty("note").GetInt32());
    }

    [CorpusFact]
    public void What_is_not_one_note_is_refused_with_the_reason()
    {
        File.WriteAllBytes(_temp.File("silence.wav"), Wav(new float[44100], 44100, 16, 1, false));
        var blip = new float[44100];
        for (int i = 0; i < 441; i++)
        {
            blip[22050 + i] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / 44100);
        }

        File.WriteAllBytes(_temp.File("blip.wav"), Wav(blip, 44100, 16, 1, false));
        var long10Minutes = new float[8000 * 600];
        for (int i = 0; i < long10Minutes.Length; i++)
        {
            long10Minutes[i] = 0.3f * MathF.Sin(2 * MathF.PI * 220 * i / 8000);
        }

        File.WriteAllBytes(_temp.File("ten-minutes.wav"), Wav(long10Minutes, 8000, 8, 1, false));
        File.WriteAllBytes(_temp.File("long.wav"), Wav(long10Minutes[..(8000 * 30)], 8000, 8, 1, false)); // sounding 30 s, within the 60 s read
        var noise = new float[44100];
        var random = new Random(3);
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)((random.NextDouble() * 2) - 1) * 0.5f;
        }

        File.WriteAllBytes(_temp.File("noise.wav"), Wav(noise, 44100, 16, 1, false));

        (string File, string Says)[] cases =
        [
            (_temp.File("nothing.wav"), "does not exist"),
            (SharedData.Rom("ROM1A"), "not a WAV file"),
            (_temp.File("silence.wav"), "is silent"),
            (_temp.File("blip.wav"), "s of sound: give at least 0.05 s of one note"),
            (_temp.File("long.wav"), "s: a DX7 voice plays one note; give a recording of one note, at most 20 s"),
            (_temp.File("ten-minutes.wav"), "it is 600 s long; at most 60 s can be used"),
            (_temp.File("noise.wav"), "no pitch could be found"),
        ];
        foreach (var (file, says) in cases)
        {
            var run = Dx7Process.Run("match", file, "--evaluations", "48");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains(says, run.Error, StringComparison.Ordinal);
            Assert.True(Dx7Process.IsClean(run.Error), run.Error);
        }

        // A note given by hand is taken as it is, noise or not.
        Assert.Equal(0, Dx7Process.Run("match", _temp.File("noise.wav"), "--note", "48", "--evaluations", "48").ExitCode);
    }

    /// <summary>A WAV file in any of the layouts players write: integer or float samples, interleaved channels.</summary>
    private static byte[] Wav(float[] mono, int rate, int bits, int channels, bool isFloat)
    {
        int width = bits / 8, block = width * channels;
        var bytes = new byte[44 + (mono.Length * block)];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], (short)(isFloat ? 3 : 1));
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], rate * block);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)block);
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], (short)bits);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], mono.Length * block);
        for (int i = 0; i < mono.Length; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                var at = s[(44 + (i * block) + (c * width))..];
                float x = Math.Clamp(mono[i], -1f, 1f);
                switch (bits, isFloat)
                {
                    case (32, true): BinaryPrimitives.WriteSingleLittleEndian(at, x); break;
                    case (8, false): at[0] = (byte)Math.Round(128 + (x * 127)); break;
                    case (16, false): BinaryPrimitives.WriteInt16LittleEndian(at, (short)Math.Round(x * 32767)); break;
                    default:
                        int v = (int)Math.Round(x * 8388607);
                        at[0] = (byte)v;
                        at[1] = (byte)(v >> 8);
                        at[2] = (byte)(v >> 16);
                        break;
                }
            }
        }

        return bytes;
    }
}
