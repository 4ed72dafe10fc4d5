using System.Diagnostics;
using NeuralDx7.Model;
using NeuralDx7.Nn.IO;

namespace NeuralDx7.Tests.Cli;

/// <summary>
/// Every dx7 command against what a hostile or careless user gives it, each case a real process: it must end with exit
/// 0-2 and one clean error line on stderr (besides progress lines and the file's reported issues), or 130/143 on a signal, within
/// its time limit, with no stack trace, and with nothing the user had clobbered.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private static string Shipped => TrainedModel.FindShipped()!;

    private string Tiny
    {
        get
        {
            string path = _temp.File("tiny.json");
            File.WriteAllText(path, """{ "heads": 2, "headWidth": 8, "encoderLayers": 1, "decoderLayers": 1, "flows": 2, "latentSize": 4, "conditioningWidth": 4 }""");
            return path;
        }
    }

    private static string Rom1 => Path.Combine(SharedData.Corpus, "Original Yamaha", "DX7 ROM1");

    public void Dispose() => _temp.Dispose();

    /// <summary>Runs dx7 and checks what every case must: a clean end, in time, one line of error at most.</summary>
    private Dx7Run Refused(string[] args, int[]? exitCodes = null, double seconds = 60, string? says = null)
    {
        var run = Dx7Process.Run(args, TimeSpan.FromSeconds(seconds), _temp.Path);
        string what = $"dx7 {string.Join(' ', args)}: {Dx7Process.Describe(run)}";
        Assert.False(run.TimedOut, what);
        Assert.Contains(run.ExitCode, exitCodes ?? [2]);
        Assert.True(Dx7Process.IsClean(run.Error), what);
        // One error line; other lines are the command's progress ("dx7 train: reading ...") or the file's reported issues.
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Count(l => l.StartsWith("dx7: ", StringComparison.Ordinal)) <= 1, what);
        if (says is not null)
        {
            Assert.Contains(says, run.Error, StringComparison.Ordinal);
        }

        return run;
    }

    private string ModelFolderWith(Action<string> change)
    {
        string folder = _temp.File($"model-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(Shipped))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        change(folder);
        return folder;
    }

    // 1. What used to crash with a stack trace.

    [CorpusTheory]
    [InlineData("empty", "is not a sampling file")]
    [InlineData("larger than its limit", "too large for a sampling file")]
    [InlineData("a link to an endless device", "too large for a sampling file")]
    [InlineData("a folder", "is a folder, not a file")]
    [InlineData("not an object", "has no \"temperatureScale\" object")]
    [InlineData("no DX7 parameter", "names no DX7 parameter in 'Volume'")]
    [InlineData("an infinite scale", "a multiple of Infinity; it must be from 0 to 10")]
    [InlineData("a control character", "is not a sampling file")]
    public void A_damaged_sampling_file_is_refused_with_its_path_and_never_read_when_a_scale_is_given(string damage, string says)
    {
        string model = ModelFolderWith(folder =>
        {
            string path = Path.Combine(folder, "sampling.json");
            File.Delete(path);
            switch (damage)
            {
                case "a link to an endless device": File.CreateSymbolicLink(path, "/dev/zero"); break;
                case "a folder": Directory.CreateDirectory(path); break;
                default:
                    File.WriteAllText(path, damage switch
                    {
                        "empty" => "",
                        "larger than its limit" => new string(' ', 100_000) + "{}",
                        "not an object" => "[]",
                        "no DX7 parameter" => "{\"temperatureScale\": {\"Volume\": 0.5}}",
                        "an infinite scale" => "{\"temperatureScale\": {\"EG Level 4\": 1e400}}",
                        _ => "{\"temperatureScale\": {\"EG Level 4\u001b[2J\": 0.5}}",
                    });
                    break;
            }
        });
        var run = Refused(["cart", "new", "--model", model, "--out", "drawn.syx"], says: says);
        Assert.Contains(Path.Combine(model, "sampling.json"), run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("drawn.syx")));

        // A scale given on the command line replaces the file's, which is then never read.
        var given = Dx7Process.Run(["cart", "new", "--model", model, "--temperature-scale", "none", "--seed", "1", "--out", _temp.File("given.syx")]);
        Assert.True(given.ExitCode == 0, Dx7Process.Describe(given));
    }

    [CorpusTheory]
    [InlineData("empty")]
    [InlineData("huge")]
    [InlineData("not a number")]
    public void A_damaged_prior_is_refused_with_its_path_and_never_blocks_what_replaces_or_bypasses_it(string damage)
    {
        string model = ModelFolderWith(folder =>
        {
            string path = Path.Combine(folder, "latent-prior.json");
            string json = File.ReadAllText(path);
            int mean = json.IndexOf("\"mean\": [", StringComparison.Ordinal) + 9;
            File.WriteAllText(path, damage switch
            {
                "empty" => "",
                "huge" => json[..mean] + "1e308, " + json[(json.IndexOf(',', mean) + 1)..],
                _ => json[..mean] + "\"NaN\", " + json[(json.IndexOf(',', mean) + 1)..],
            });
        });
        Refused(["cart", "new", "--model", model, "--out", "drawn.syx"], says: "latent-prior.json: not a latent prior for this model");
        Assert.False(File.Exists(_temp.File("drawn.syx")));

        // What does not draw from the fitted prior never reads it.
        var normal = Dx7Process.Run(["cart", "new", "--model", model, "--prior", "normal", "--seed", "1", "--out", _temp.File("normal.syx")]);
        Assert.True(normal.ExitCode == 0, Dx7Process.Describe(normal));
        var path = Dx7Process.Run(["interpolate", $"{SharedData.Rom("ROM1A")}:0", $"{SharedData.Rom("ROM1A")}:1", "--model", model, "--out", _temp.File("path.syx")]);
        Assert.True(path.ExitCode == 0, Dx7Process.Describe(path));
    }

    [CorpusTheory]
    [InlineData("")]
    [InlineData("{\"model\":")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"model\": {\"heads\": \"four\"}}")]
    [InlineData("{\"model\": {\"heads\": 4, \"headWidth\": 16, \"encoderLayers\": 4, \"decoderLayers\": 4, \"flows\": 0, \"latentSize\": 8}}")]
    [InlineData("{\"model\": {\"heads\": 64, \"headWidth\": 256, \"encoderLayers\": 48, \"decoderLayers\": 48, \"flows\": 64, \"latentSize\": 256}}")]
    public void A_damaged_or_absurd_model_configuration_is_refused_before_anything_is_built(string config)
    {
        string model = ModelFolderWith(folder => File.WriteAllText(Path.Combine(folder, TrainedModel.ConfigFile), config));
        Refused(["cart", "new", "--model", model, "--out", "x.syx"], seconds: 20, says: "config");
        Assert.False(File.Exists(_temp.File("x.syx")));
    }

    [CorpusTheory]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch", "100000")]
    [InlineData("--minutes", "Infinity")]
    [InlineData("--minutes", "NaN")]
    [InlineData("--epochs", "0")]
    [InlineData("--max-beta", "NaN")]
    [InlineData("--learning-rate", "5")]
    [InlineData("--free-bits", "-1")]
    [InlineData("--seed", "-1")]
    public void Training_options_out_of_range_are_refused_with_their_range(string option, string value)
    {
        string[] args = ["train", "--data", Rom1, "--out", "run", option, value];
        var run = Refused(option is "--minutes" or "--epochs" ? args : [.. args, "--epochs", "1"], says: "must be");
        Assert.False(File.Exists(Path.Combine(_temp.File("run"), TrainedModel.WeightsFile)));
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Resuming_from_a_missing_damaged_or_stateless_checkpoint_is_refused()
    {
        Refused(["train", "--data", Rom1, "--out", "none", "--epochs", "1", "--resume"], says: "no checkpoint");

        Directory.CreateDirectory(_temp.File("garbage"));
        File.WriteAllBytes(Path.Combine(_temp.File("garbage"), "checkpoint.safetensors"), [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919))]);
        Refused(["train", "--data", Rom1, "--out", "garbage", "--epochs", "1", "--resume", "--config", Tiny]);

        Directory.CreateDirectory(_temp.File("stateless"));
        using (var file = File.Create(Path.Combine(_temp.File("stateless"), "checkpoint.safetensors")))
        {
            Safetensors.Write(file, [new NamedTensor("model.x", [1], [1f])], new Dictionary<string, string> { ["config"] = "{}" });
        }

        Refused(["train", "--data", Rom1, "--out", "stateless", "--epochs", "1", "--resume"]);
    }

    [CorpusFact]
    public void Options_that_name_a_value_take_its_name_not_its_number_and_blank_names_are_refused()
    {
        Refused(["eval", "--data", Rom1, "--split", "7"], says: "--split must be one of test, validation, unseen, not '7'.");
        Refused(["cart", "new", "--prior", "5", "--out", "never.syx"], says: "--prior must be one of fitted, normal, not '5'.");
        Refused(["eval", "--data", Rom1, "--audio", "--ear", "1"], says: "--ear must be one of ours, hexter, not '1'.");
        Refused(["eval", "--data", Rom1, "--audio", "--ear", ""], says: "--ear must be one of ours, hexter, not ''.");
        string rom1a = Path.Combine(Rom1, "ROM1A.syx");
        Refused(["interpolate", $"{rom1a}:0", $"{rom1a}:1", "--method", "1", "--out", "never.syx"], says: "--method must be one of linear, slerp");
        Refused(["cart", "new", "--model", "", "--out", "never.syx"], says: "--model must name a model folder");
        Refused(["midi", "send", rom1a, "--port", " ", "--transport", "file"], says: "--port must name a port");
        Assert.False(File.Exists(_temp.File(" ")), "a file named by the blank port was written");
        Assert.False(File.Exists(_temp.File("never.syx")));
    }

    [CorpusFact]
    public void Match_refuses_an_existing_output_before_it_searches()
    {
        string rom1a = Path.Combine(Rom1, "ROM1A.syx");
        Assert.Equal(0, Dx7Process.Run(["render", $"{rom1a}:10", "--out", _temp.File("epiano.wav")], TimeSpan.FromMinutes(1), _temp.Path).ExitCode);
        File.WriteAllText(_temp.File("taken.syx"), "mine");
        var run = Refused(["match", _temp.File("epiano.wav"), "--out", "taken.syx"], says: "taken.syx already exists; use --force");
        Assert.DoesNotContain("match:", run.Error, StringComparison.Ordinal); // no search began
        Assert.Equal("mine", File.ReadAllText(_temp.File("taken.syx")));
    }

    [CorpusFact]
    public void Match_refuses_an_audio_encoder_trained_for_other_weights_than_the_models()
    {
        string rom1a = Path.Combine(Rom1, "ROM1A.syx");
        Assert.Equal(0, Dx7Process.Run(["render", $"{rom1a}:10", "--out", _temp.File("epiano.wav")], TimeSpan.FromMinutes(1), _temp.Path).ExitCode);
        // The same model, one weight changed: what a model trained or fine-tuned again into the folder is to the encoder.
        string model = ModelFolderWith(folder =>
        {
            string weights = Path.Combine(folder, "model.safetensors");
            var bytes = File.ReadAllBytes(weights);
            bytes.AsSpan(bytes.Length - 4).Clear();
            File.WriteAllBytes(weights, bytes);
        });
        Refused(["match", _temp.File("epiano.wav"), "--model", model, "--seconds", "5", "--out", "never.syx"],
            says: "audio-encoder.safetensors was trained for other weights than the model's");
        Assert.False(File.Exists(_temp.File("never.syx")));
    }

    [CorpusFact]
    public void Bench_sizes_too_large_to_allocate_are_refused()
    {
        Refused(["bench", "gemm", "--m", "100000000"], says: "--m must be");
        Refused(["bench", "gemm", "--m", "60000", "--n", "60000", "--k", "60000"], says: "more than a gigabyte");
        Refused(["bench", "train", "--batch", "100000"], says: "--batch-size must be");
    }

    [CorpusFact]
    public void A_controller_map_that_is_not_numbers_is_refused()
    {
        Refused(["live", "--in", "a", "--out", "b", "--map", "1,2,abc"], says: "--controller-map must be CC numbers");
        Refused(["live", "--in", "a", "--out", "b", "--map", "1,200"], says: "--controller-map must be distinct CC numbers 0-127");
    }

    // 2. Signals: every command stops within a second or two, with 130 (Ctrl+C) or 143 (SIGTERM), and leaves no output.

    [CorpusTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void A_read_blocked_on_a_pipe_stops_on_a_signal(string signal, int exitCode)
    {
        string fifo = _temp.File("pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo])!)
        {
            mkfifo.WaitForExit();
        }

        var run = Dx7Process.Run(["inspect", fifo], TimeSpan.FromSeconds(30), _temp.Path, whileRunning: p =>
        {
            Thread.Sleep(1500); // started, and blocked opening the pipe
            var sent = Stopwatch.StartNew();
            Dx7Process.Signal(p, signal);
            Assert.True(p.WaitForExit(Dx7Process.SignalLimit), $"still running {sent.Elapsed.TotalSeconds:0.0} s after SIG{signal}");
        });
        Assert.Equal(exitCode, run.ExitCode);
        Assert.True(Dx7Process.IsClean(run.Error), run.Error);
    }

    [CorpusTheory]
    [InlineData("dupes", "--samples", "1000000")]
    [InlineData("interpolate", "{rom}:0", "{rom}:1", "--steps", "4096", "--temperature", "1", "--out", "path.syx")]
    [InlineData("eval", "--data", "{corpus}", "--split", "unseen", "--audio", "--audio-samples", "500")]
    [InlineData("vary", "{rom}:3", "--count", "4096", "--out", "vary.syx")]
    public void Long_work_stops_on_sigterm_and_writes_nothing(params string[] template)
    {
        string[] args = [.. template.Select(a => a.Replace("{rom}", SharedData.Rom("ROM1A"), StringComparison.Ordinal)
            .Replace("{corpus}", SharedData.Corpus, StringComparison.Ordinal))];
        var run = Dx7Process.Run(args, TimeSpan.FromSeconds(60), _temp.Path, whileRunning: p =>
        {
            Thread.Sleep(1200);
            Dx7Process.Signal(p, "TERM");
            Assert.True(p.WaitForExit(Dx7Process.SignalLimit), $"dx7 {string.Join(' ', args)} kept running after SIGTERM");
        });
        Assert.True(run.ExitCode is 143 or 0, Dx7Process.Describe(run)); // 0 only if it finished before the signal
        Assert.True(Dx7Process.IsClean(run.Error), run.Error);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(_temp.Path, ".*.tmp")));
        if (run.ExitCode == 143)
        {
            Assert.Empty(Directory.GetFiles(_temp.Path, "*.syx"));
        }
    }

    // 3. Writing: --force replaces regular files only, writes through links, and never replaces a folder or device.

    [CorpusFact]
    public void Force_writes_through_a_link_and_keeps_the_link()
    {
        string target = _temp.File("real.syx");
        File.WriteAllText(target, "old");
        string link = _temp.File("link.syx");
        File.CreateSymbolicLink(link, target);
        var run = Dx7Process.Run("convert", SharedData.Rom("ROM1A"), "--out", link, "--force");
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(4104, new FileInfo(target).Length);
    }

    [CorpusFact]
    public void A_folder_or_a_disk_device_is_never_replaced_by_a_file()
    {
        Directory.CreateDirectory(_temp.File("folder"));
        Refused(["convert", SharedData.Rom("ROM1A"), "--out", _temp.File("folder"), "--force"], says: "not a file");
        Assert.True(Directory.Exists(_temp.File("folder")));

        string device = Directory.GetFiles("/dev", "loop*").FirstOrDefault() ?? "/dev/zero";
        Refused(["convert", SharedData.Rom("ROM1A"), "--out", device, "--force"], says: "not a file");
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", device]) { RedirectStandardOutput = true })!;
        Assert.Contains("special file", stat.StandardOutput.ReadToEnd(), StringComparison.Ordinal);
    }

    [CorpusFact]
    public void A_named_pipe_a_socket_or_a_looping_link_is_never_replaced_even_with_force()
    {
        string fifo = MakeFifo("pipe.syx");
        Refused(["convert", SharedData.Rom("ROM1A"), "--out", fifo, "--force"], says: "pipe.syx is a named pipe, not a file");
        Refused(["report", SharedData.Rom("ROM1A"), "--out", fifo, "--force"], says: "is a named pipe, not a file");
        Assert.Equal("fifo", FileTypeOf(fifo));

        string loop = _temp.File("loop1.syx");
        File.CreateSymbolicLink(loop, _temp.File("loop2.syx"));
        File.CreateSymbolicLink(_temp.File("loop2.syx"), loop);
        Refused(["cart", "new", "--out", loop, "--force"], says: "is a link that loops, not a file");
        Assert.NotNull(new FileInfo(loop).LinkTarget);

        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        string socketPath = _temp.File("socket.syx");
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        Refused(["convert", SharedData.Rom("ROM1A"), "--out", socketPath, "--force"], says: "is a socket, not a file");
        Assert.Equal("socket", FileTypeOf(socketPath));
    }

    [CorpusFact]
    public void Size_limits_hold_on_the_bytes_read_through_a_link_or_a_pipe()
    {
        string big = _temp.File("big.syx");
        using (var file = File.Create(big))
        {
            file.SetLength(20L * 1024 * 1024);
        }

        string link = _temp.File("link.syx");
        File.CreateSymbolicLink(link, big);
        var run = Refused(["inspect", link], says: "is 20 MB: too large for a DX7 file");

        // A pipe has no length: its bytes are counted, and the reader stops one past the limit.
        string fifo = MakeFifo("stream.syx");
        var writer = Task.Run(() =>
        {
            using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            var zeros = new byte[1024 * 1024];
            try
            {
                for (int i = 0; i < 64; i++)
                {
                    stream.Write(zeros);
                }
            }
            catch (IOException)
            {
                // the reader stopped at its limit and closed the pipe
            }
        });
        run = Refused(["inspect", fifo], seconds: 30, says: "is more than 16 MB: too large for a DX7 file");
        Assert.True(writer.Wait(TimeSpan.FromSeconds(10)));

        // A recording too long for the search is refused from its header's length, before it is decoded.
        string wav = _temp.File("long.wav");
        const int rate = 22050, frames = rate * 600;
        using (var file = new BinaryWriter(File.Create(wav)))
        {
            file.Write("RIFF"u8);
            file.Write(36 + (frames * 2));
            file.Write("WAVEfmt "u8);
            file.Write(16);
            file.Write((short)1);
            file.Write((short)1);
            file.Write(rate);
            file.Write(rate * 2);
            file.Write((short)2);
            file.Write((short)16);
            file.Write("data"u8);
            file.Write(frames * 2);
            file.Write(new byte[frames * 2]);
        }

        Refused(["match", wav], seconds: 30, says: "it is 600 s long; at most 60 s can be used");
    }

    [CorpusFact]
    public void A_report_reads_a_named_pipe_once()
    {
        string fifo = MakeFifo("cart.syx");
        var writer = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(SharedData.Rom("ROM1A"))));
        var run = Dx7Process.Run(["report", fifo, "--out", _temp.File("cart.html"), "--model", Shipped], TimeSpan.FromSeconds(120), _temp.Path);
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        Assert.True(writer.Wait(TimeSpan.FromSeconds(10)));
        Assert.Contains("BRASS", File.ReadAllText(_temp.File("cart.html")), StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Names_from_a_file_are_shown_not_obeyed_and_an_at_sign_names_a_file()
    {
        // A voice named with the codes that clear a terminal: shown as \x1B, in the table and in its issues.
        byte[] dump = File.ReadAllBytes(SharedData.Rom("ROM1A"));
        "\x1b[2J\x1b[HABC"u8.CopyTo(dump.AsSpan(6 + 118));
        int sum = 0;
        foreach (byte b in dump.AsSpan(6, 4096))
        {
            sum += b;
        }

        dump[6 + 4096] = (byte)(-sum & 0x7F);
        File.WriteAllBytes(_temp.File("@escape.syx"), dump);
        var run = Dx7Process.Run(["inspect", "@escape.syx"], TimeSpan.FromSeconds(30), _temp.Path);
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        Assert.DoesNotContain('\x1b', run.Output + run.Error);
        Assert.Contains("\\x1B[2J\\x1B[HABC", run.Output, StringComparison.Ordinal);
        var json = Dx7Process.Run(["inspect", "@escape.syx", "--json"], TimeSpan.FromSeconds(30), _temp.Path);
        Assert.Contains("\\u001B[2J", json.Output, StringComparison.Ordinal);
    }

    private string MakeFifo(string name)
    {
        string path = _temp.File(name);
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        return path;
    }

    private static string FileTypeOf(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        return stat.StandardOutput.ReadToEnd().Trim();
    }

    [CorpusFact]
    public void A_name_as_long_as_the_file_system_allows_is_written()
    {
        string longest = _temp.File(new string('a', 251) + ".syx"); // 255 bytes: the temporary file beside it must be shorter
        var run = Dx7Process.Run("convert", SharedData.Rom("ROM1A"), "--out", longest);
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        Assert.Equal(4104, new FileInfo(longest).Length);
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*.tmp"));
    }

    [CorpusFact]
    public void A_stream_device_named_on_purpose_is_written_directly()
    {
        var run = Dx7Process.Run("convert", SharedData.Rom("ROM1A"), "--out", "/dev/null");
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
    }

    [CorpusFact]
    public void An_existing_file_is_kept_without_force_and_the_message_names_it()
    {
        string file = _temp.File("keep.syx");
        File.WriteAllText(file, "precious");
        var run = Refused(["cart", "new", "--out", file], says: $"{file} already exists; use --force");
        Assert.Equal("precious", File.ReadAllText(file));
        Assert.DoesNotContain(".tmp", run.Error, StringComparison.Ordinal);
    }

    // 4. Endless work.

    [CorpusFact]
    public void A_folder_tree_with_a_link_loop_is_walked_once()
    {
        string root = _temp.File("loop");
        Directory.CreateDirectory(Path.Combine(root, "a"));
        File.Copy(SharedData.Rom("ROM1A"), Path.Combine(root, "a", "ROM1A.syx"));
        Directory.CreateSymbolicLink(Path.Combine(root, "a", "back"), root);
        var run = Dx7Process.Run(["import", root, "--out", "loop.dx7set", "--json"], TimeSpan.FromSeconds(30), _temp.Path);
        Assert.True(run.ExitCode == 0, Dx7Process.Describe(run));
        Assert.Contains("\"files\": 1,", run.Output, StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Counts_past_their_bounds_are_refused_before_any_work()
    {
        Refused(["interpolate", SharedData.Rom("ROM1A") + ":0", SharedData.Rom("ROM1A") + ":1", "--steps", "1000000", "--out", "x.syx"], seconds: 10, says: "--steps must be");
        Refused(["vary", SharedData.Rom("ROM1A") + ":0", "--count", "1000000", "--out", "x.syx"], seconds: 10, says: "--count must be");
        Refused(["dupes", "--samples", "100000000"], seconds: 10, says: "--samples must be");
    }

    // 5. Two writers, one folder.

    [CorpusFact]
    public void A_second_training_run_into_the_same_folder_is_refused_with_the_first_ones_process()
    {
        string[] args = ["train", "--data", Rom1, "--out", "shared-run", "--config", Tiny, "--minutes", "0.3"];
        Dx7Run? second = null;
        var first = Dx7Process.Run(args, TimeSpan.FromSeconds(120), _temp.Path, whileRunning: p =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(Path.Combine(_temp.File("shared-run"), ".training.pid")) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            second = Dx7Process.Run(args, TimeSpan.FromSeconds(60), _temp.Path);
        });
        Assert.True(first.ExitCode == 0, Dx7Process.Describe(first));
        Assert.NotNull(second);
        Assert.Equal(2, second!.ExitCode);
        Assert.Contains("is being trained by another run (process ", second.Error, StringComparison.Ordinal);
        Assert.NotNull(TrainedModel.Load(_temp.File("shared-run")));
    }

    // 6. Silent nonsense: what cannot be computed is said, not printed as 0 or NaN.

    [CorpusFact]
    public void Weights_that_are_not_numbers_are_refused_instead_of_making_blank_voices()
    {
        string model = ModelFolderWith(folder =>
        {
            var (tensors, metadata) = Safetensors.Load(Path.Combine(folder, TrainedModel.WeightsFile));
            using var file = File.Create(Path.Combine(folder, TrainedModel.WeightsFile));
            Safetensors.Write(file, tensors.Select(t => t with { Data = [.. t.Data.Select(_ => float.NaN)] }), metadata);
        });
        Refused(["cart", "new", "--model", model, "--out", "x.syx"], says: "not finite numbers");
    }

    [CorpusTheory]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("1e308")]
    public void A_temperature_that_is_not_a_sensible_number_is_refused(string temperature)
    {
        Refused(["cart", "new", "--temperature", temperature, "--out", "x.syx"], says: "--temperature must be a number from 0 to 10");
    }

    [CorpusFact]
    public void Missing_paths_and_empty_folders_are_errors_not_empty_results()
    {
        Refused(["import", "/no/such/path", "--out", "x.dx7set"], says: "/no/such/path does not exist");
        Directory.CreateDirectory(_temp.File("empty"));
        Refused(["import", _temp.File("empty"), "--out", "x.dx7set"], says: "No usable DX7 voices");
        Refused(["eval", "--data", _temp.File("empty")], says: "No usable DX7 voices");
        Refused(["train", "--data", _temp.File("empty"), "--out", "run", "--epochs", "1"], says: "No usable DX7 voices");
        Assert.False(File.Exists(_temp.File("x.dx7set")));
    }

    // 7. The readers, the unreadable files and the parser.

    [CorpusFact]
    public void Unreadable_inputs_give_one_clean_line()
    {
        File.WriteAllBytes(_temp.File("random.syx"), [.. Enumerable.Range(0, 4104).Select(i => (byte)((i * 2654435761) >> 24))]);
        Refused(["inspect", _temp.File("random.syx")]);
        using (var zeros = File.Create(_temp.File("zeros.syx")))
        {
            zeros.SetLength(50L * 1024 * 1024);
        }

        Refused(["inspect", _temp.File("zeros.syx")], says: "16 MB");
        Refused(["encode", _temp.Path]);
        Refused(["render", SharedData.Rom("ROM1A") + ":0", "--out", "a.wav", "--rate", "0"]);
        Refused(["inspect"], says: "(see 'dx7 inspect --help')");
        Refused(["cart", "new", "--seed", "abc"], says: "--seed must be a whole number");
        Refused(["eval", "--data", Rom1, "--split", "bogus"], says: "--split must be one of test, validation, unseen, not 'bogus'.");
        Refused(["frobnicate"], says: "Unrecognized command or argument 'frobnicate'");
        Refused(["midi", "send", SharedData.Rom("ROM1A"), "--port", "no such synth", "--transport", "file"], exitCodes: [0, 2]);
    }

    [CorpusFact]
    public void The_exit_codes_of_validate_stay_0_1_and_2()
    {
        File.WriteAllBytes(_temp.File("truncated.syx"), File.ReadAllBytes(SharedData.Rom("ROM1A"))[..2000]);
        Refused(["validate", _temp.File("truncated.syx")], exitCodes: [1, 2]);
        Assert.Equal(0, Dx7Process.Run("validate", SharedData.Rom("ROM1A")).ExitCode);
    }
}
