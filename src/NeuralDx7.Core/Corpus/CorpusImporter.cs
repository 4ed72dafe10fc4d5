using NeuralDx7.Codec;
using NeuralDx7.Validation;
using NeuralDx7.Voice;

namespace NeuralDx7.Corpus;

/// <summary>Options of a corpus import.</summary>
/// <param name="Repair">What to do with out-of-range voices: drop them (reject) or clamp them.</param>
/// <param name="ValidationPercent">Share of cartridges held out for validation (choosing a recipe).</param>
/// <param name="TestPercent">Share of cartridges held out for the test split (reporting only).</param>
public sealed record ImportOptions(RepairPolicy Repair = RepairPolicy.Reject, int ValidationPercent = 10, int TestPercent = 10)
{
    public void Validate()
    {
        Check.Range(nameof(ValidationPercent), ValidationPercent, 0, 100);
        Check.Range(nameof(TestPercent), TestPercent, 0, 100);
        if (ValidationPercent + TestPercent > 100)
        {
            throw new InvalidRequestException(nameof(TestPercent), $"must leave room for the validation share: {ValidationPercent} + {TestPercent} is over 100.");
        }
    }
}

/// <summary>The result of an import: the data set and every file's issues.</summary>
public sealed record ImportResult(Dx7Dataset Dataset, IReadOnlyList<Dx7Issue> Issues);

/// <summary>What an import saved: the data set file, the import's counts and how long it took (dx7 import, Import-Dx7Corpus).</summary>
public sealed record ImportedDataset(string Path, int Files, int FilesSkipped, int Voices, int Invalid, int Repaired, int Distinct, int Train, int Validation, int Test,
    double Seconds)
{
    public static ImportedDataset Of(ImportSummary s, string path, TimeSpan took) =>
        new(path, s.Files, s.FilesSkipped, s.Voices, s.Invalid, s.Repaired, s.Distinct, s.Train, s.Validation, s.Test, Math.Round(took.TotalSeconds, 3));
}

/// <summary>
/// Turns folders of real-world cartridges into a clean data set: read every file, keep the voices
/// the repair policy allows, deduplicate on the sound (the 145 non-name parameters) keeping every name
/// and source as provenance, and split three ways by cartridge. A sound found in cartridges of several parts goes to
/// the part nearest training (train, then validation, then test), so no test voice was ever trained or chosen on.
/// </summary>
public static class CorpusImporter
{
    /// <summary>The most files one import reads: far more than any collection, and a bound on a runaway folder tree.</summary>
    public const int MaxFiles = 1_000_000;

    /// <summary>
    /// Every file under the given folders (recursively) and the given files, in a stable order. Links to folders are
    /// followed once: a folder already walked (a link loop, or two links to one place) is not walked again.
    /// </summary>
    /// <exception cref="FileNotFoundException">An input is neither a file nor a folder.</exception>
    public static IReadOnlyList<(string Path, string Label)> EnumerateFiles(IEnumerable<string> inputs, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<(string, string)>();
        foreach (string input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = new List<(string, string)>();
                Walk(input, input, new HashSet<string>(StringComparer.Ordinal), found, files.Count, cancellation);
                files.AddRange(found.OrderBy(f => f.Item2, StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add((input, input));
            }
            else
            {
                throw new FileNotFoundException($"{input} does not exist: give folders or files of cartridges.", input);
            }
        }

        return files;
    }

    private static void Walk(string root, string folder, HashSet<string> walked, List<(string, string)> found, int before, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (!walked.Add(RealPath(folder)))
        {
            return;
        }

        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (string file in Directory.EnumerateFiles(folder, "*", options))
        {
            if (before + found.Count >= MaxFiles)
            {
                throw new InvalidDataException($"{root} holds more than {MaxFiles:N0} files: give the folders of cartridges themselves.");
            }

            found.Add((file, Path.GetRelativePath(root, file).Replace('\\', '/')));
        }

        foreach (string sub in Directory.EnumerateDirectories(folder, "*", options))
        {
            Walk(root, sub, walked, found, before, cancellation);
        }
    }

    // Where a folder really is, links resolved: the identity that catches a loop.
    private static string RealPath(string folder)
    {
        try
        {
            var info = new DirectoryInfo(folder);
            return Path.GetFullPath(info.LinkTarget is null ? folder : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? folder);
        }
        catch (IOException)
        {
            return Path.GetFullPath(folder); // a link that loops onto itself: walked once under this name, then skipped
        }
    }

    /// <summary>
    /// Imports <paramref name="inputs"/> and saves the data set to <paramref name="path"/>, which is checked first, so a
    /// long import never ends in a refusal to write.
    /// </summary>
    public static (ImportedDataset Saved, IReadOnlyList<Dx7Issue> Issues) ImportTo(
        string path,
        bool overwrite,
        IEnumerable<string> inputs,
        ImportOptions options,
        IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IO.AtomicFile.CheckWritable(path, overwrite);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = Import(inputs, options, progress, cancellation);
        result.Dataset.Save(path, overwrite);
        return (ImportedDataset.Of(result.Dataset.Summary, path, clock.Elapsed), result.Issues);
    }

    public static ImportResult Import(
        IEnumerable<string> inputs,
        ImportOptions options,
        IProgress<(int Done, int Total)>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var given = inputs.ToList();
        var files = EnumerateFiles(given, cancellation);

        var results = new Dx7ReadResult[files.Count];
        int done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            results[i] = Dx7Reader.ReadFile(files[i].Path, options.Repair);
            int n = Interlocked.Increment(ref done);
            if (n % 64 == 0 || n == files.Count)
            {
                progress?.Report((n, files.Count));
            }
        });

        // Deduplicate in file order, so the same corpus always gives the same data set.
        var byFingerprint = new Dictionary<Dx7Voice, int>(SoundComparer.Instance);
        var distinct = new List<(Dx7Voice Voice, List<VoiceProvenance> Provenance, DatasetSplit Split)>();
        var issues = new List<Dx7Issue>();
        int skipped = 0, voices = 0, invalid = 0, repaired = 0;
        for (int f = 0; f < results.Length; f++)
        {
            var result = results[f];
            issues.AddRange(result.Issues);
            if (!result.HasVoices)
            {
                skipped++;
                continue;
            }

            int corrupt = result.Issues.Count(i => i.Kind == IssueKind.CorruptData && i.VoiceIndex is not null);
            voices += result.Voices.Count + corrupt;
            invalid += corrupt;
            var split = Dx7Dataset.SplitOf(Dx7Dataset.CartridgeKey(result.Voices.Select(r => r.Voice)), options.ValidationPercent, options.TestPercent);
            foreach (var record in result.Voices)
            {
                if (record.Repairs.Count > 0)
                {
                    invalid++;
                    repaired++;
                }
                else if (!record.IsValid)
                {
                    invalid++;
                    continue;
                }

                var provenance = new VoiceProvenance(record.Voice.Name, files[f].Label, record.Index);
                if (byFingerprint.TryGetValue(record.Voice, out int at))
                {
                    distinct[at].Provenance.Add(provenance);
                    if (split < distinct[at].Split)
                    {
                        distinct[at] = distinct[at] with { Split = split };
                    }
                }
                else
                {
                    byFingerprint[record.Voice] = distinct.Count;
                    distinct.Add((record.Voice, [provenance], split));
                }
            }
        }

        if (distinct.Count == 0)
        {
            string read = files.Count == 0 ? "no files there" : $"{files.Count} file(s) read, {skipped} without DX7 voices, {invalid} voice(s) out of range";
            throw new InvalidDataException($"No usable DX7 voices in {string.Join(", ", given)} ({read}).");
        }

        var datasetVoices = distinct.Select(d => new DatasetVoice(d.Voice, d.Split, d.Provenance)).ToList();
        int validation = datasetVoices.Count(v => v.Split == DatasetSplit.Validation), test = datasetVoices.Count(v => v.Split == DatasetSplit.Test);
        var summary = new ImportSummary(files.Count, skipped, voices, invalid, repaired,
            datasetVoices.Count, datasetVoices.Count - validation - test, validation, test);
        return new ImportResult(new Dx7Dataset(datasetVoices, summary, options.ValidationPercent, options.TestPercent), issues);
    }

    /// <summary>Equality of sound: the 145 parameters before the name.</summary>
    private sealed class SoundComparer : IEqualityComparer<Dx7Voice>
    {
        public static readonly SoundComparer Instance = new();

        public bool Equals(Dx7Voice? x, Dx7Voice? y) => x is not null && y is not null && x.SoundsLike(y);

        public int GetHashCode(Dx7Voice obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.Parameters[..Dx7Parameters.SoundCount]);
            return hash.ToHashCode();
        }
    }
}
