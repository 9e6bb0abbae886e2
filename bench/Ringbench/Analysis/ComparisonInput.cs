using Ringbench.Results;

namespace Ringbench.Analysis;

/// <summary>
/// One side of a comparison: a result folder or a results.csv, with its samples and machine when
/// they are beside it, read into the same model every other output reads (<see cref="FolderSummary"/>),
/// so compare's trials, ratios and shares of the ceiling are the report's.
/// </summary>
public sealed record ComparisonInput(string Name, FolderSummary Summary, IReadOnlyList<SampleRow> Samples, MachineInfo? Machine)
{
    public IReadOnlyList<ResultRow> Rows => Summary.Rows;

    /// <summary>For a side made of rounds (<see cref="LoadRounds"/>), how many; 0 for a folder or a results.csv.</summary>
    public int Rounds { get; init; }

    public bool IsPatchReference => Machine?.Hostname == PatchReference.Machine.Hostname;

    public static ComparisonInput Load(string path)
    {
        if (Directory.Exists(path) && !File.Exists(Path.Combine(path, ResultFolder.ResultsFile))
            && Directory.GetDirectories(path).Where(d => File.Exists(Path.Combine(d, ResultFolder.ResultsFile))).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } rounds)
            return LoadRounds(path, rounds);
        string csv = Directory.Exists(path) ? Path.Combine(path, ResultFolder.ResultsFile) : path;
        if (!File.Exists(csv))
            throw new RingbenchException(ExitCode.Usage, $"{path}: no such result folder or results.csv");
        string directory = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        List<ResultRow> rows = ResultCsv.Read<ResultRow>(csv);
        if (rows.Count == 0)
            throw new RingbenchException(ExitCode.Usage, $"{csv}: no rows");
        CheckRows(csv, rows);
        string samplesCsv = Path.Combine(directory, ResultFolder.SamplesFile);
        string machineJson = Path.Combine(directory, ResultFolder.MachineFile);
        string name = Path.GetFileName(directory);
        List<SampleRow> samples = File.Exists(samplesCsv) ? ResultCsv.Read<SampleRow>(samplesCsv) : [];
        MachineInfo? machine = File.Exists(machineJson) ? MachineInfo.Load(machineJson) : null;
        // A results.csv alone still has a model: its intervals at the default confidence.
        return new ComparisonInput(name, FolderSummary.Of(rows, machine ?? new MachineInfo(), name: name, samples: samples), samples, machine);
    }

    /// <summary>
    /// A side made of rounds: a folder whose subfolders each hold one trial of one build, run in turn
    /// with the other side's rounds (two builds interleaved, as bench/ab-builds.sh runs them), so the
    /// machine's drift lands on both sides alike. Round i, in name order, is trial i; every round
    /// must hold one trial and come from one commit, or the side is refused: a round of another
    /// build mixed in would compare nothing.
    /// </summary>
    private static ComparisonInput LoadRounds(string path, IReadOnlyList<string> rounds)
    {
        var rows = new List<ResultRow>();
        var samples = new List<SampleRow>();
        MachineInfo? first = null, last = null;
        for (int i = 0; i < rounds.Count; i++)
        {
            ComparisonInput round = Load(rounds[i]);
            int trials = round.Rows.Select(r => r.Trial).Distinct().Count();
            if (trials != 1)
                throw new RingbenchException(ExitCode.Usage, $"{rounds[i]}: a round holds one trial (run it with --trials 1); this one has {trials}");
            if (round.Machine is { } m && first is { } f && m.Commit != f.Commit)
                throw new RingbenchException(ExitCode.Usage, $"{rounds[i]}: commit {m.Commit}, the side's first round {f.Commit}: a side's rounds are one build");
            first ??= round.Machine;
            last = round.Machine ?? last;
            rows.AddRange(round.Rows.Select(r => r with { Trial = i }));
            samples.AddRange(round.Samples.Select(x => x with { Trial = i }));
        }
        string name = Path.GetFileName(Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar));
        // The side's machine as its first round probed it, finished when its last round did.
        MachineInfo? machine = first is null ? null : first with { FinishedAt = last?.FinishedAt };
        return new ComparisonInput(name, FolderSummary.Of(rows, machine ?? new MachineInfo(), name: name, samples: samples), samples, machine) { Rounds = rounds.Count };
    }

    /// <summary>Duplicated runs or missing numbers make any comparison a lie: refuse them, naming the line.</summary>
    private static void CheckRows(string csv, List<ResultRow> rows)
    {
        var seen = new Dictionary<(string, string, int), int>();
        for (int i = 0; i < rows.Count; i++)
        {
            ResultRow r = rows[i];
            int line = i + 2; // header is line 1
            if (seen.TryGetValue((r.Scenario, r.Variant, r.Trial), out int first))
                throw new RingbenchException(ExitCode.Usage, $"{csv}:{line}: duplicates line {first} ({r.Scenario}, {r.Variant}, trial {r.Trial})");
            seen[(r.Scenario, r.Variant, r.Trial)] = line;
            if (string.IsNullOrWhiteSpace(r.Scenario) || string.IsNullOrWhiteSpace(r.Variant))
                throw new RingbenchException(ExitCode.Usage, $"{csv}:{line}: empty scenario or variant");
            if (!double.IsFinite(r.ThroughputMean) || !double.IsFinite(r.ThroughputStdDev))
                throw new RingbenchException(ExitCode.Usage, $"{csv}:{line}: throughput is NaN or empty ({r.Scenario}, {r.Variant})");
        }
    }

    /// <summary>The measured per-second throughputs (M/s) of one scenario x variant, over all trials.</summary>
    public double[] SecondsOf(string scenario, string variant) =>
        Samples.Where(s => s.Scenario == scenario && s.Variant == variant && !s.IsWarmup && s.ElapsedSeconds > 0)
            .Select(s => s.Records / s.ElapsedSeconds / 1e6).ToArray();
}
