using Ringbench.Analysis;
using Ringbench.Reports;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// Every committed result folder regenerates its committed text outputs to the byte: the
/// summaries, the reproductions, reader-costs.csv and report.txt, written by the code the matrix
/// and `report` use over a copy of the folder's data. A change to the model or an exporter that
/// moves any committed number or word fails here until the folder is regenerated on purpose
/// (`ringbench report FOLDER`) and the difference is in the commit. Not compared: the figures and
/// report.md, which links them (ScottPlot's SVG clip-path ids differ from draw to draw).
/// </summary>
public sealed class RegenerationTests : IDisposable
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-regen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The committed matrix folders: results.csv and machine.json at the top of results/ (not the references, the fleet, micro, stress).</summary>
    public static TheoryData<string> Folders()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.EnumerateDirectories(Path.Combine(Repo, "results")).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(dir);
            if (!name.StartsWith("reference", StringComparison.Ordinal) && File.Exists(Path.Combine(dir, ResultFolder.ResultsFile))
                && File.Exists(Path.Combine(dir, ResultFolder.MachineFile)))
                data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void ACommittedFolderRegeneratesItsTextOutputsToTheByte(string name)
    {
        string committed = Path.Combine(Repo, "results", name);
        string copy = Path.Combine(_dir, name);
        CopyWithoutFigures(committed, copy);
        ResultFolder folder = ResultFolder.Open(copy);
        FolderSummary summary = FolderSummary.Load(folder, PatchReference.DefaultFolder(), IntroReference.DefaultFolder());
        FolderOutputs.WriteText(folder, summary);

        string[] outputs = ["summary.txt", "summary-variants.txt", "summary.md", "report.txt", "reproduce.md", "reproduce.csv",
            "reproduce-2020.md", "reproduce-2020.csv", "against-bench.csv", "reader-costs.csv", "designs.md"];
        foreach (string file in outputs)
        {
            string was = Path.Combine(committed, file), now = Path.Combine(copy, file);
            Assert.True(File.Exists(was) == File.Exists(now), $"{name}/{file}: committed {(File.Exists(was) ? "has it" : "has none")}, regenerated {(File.Exists(now) ? "has it" : "has none")}");
            if (!File.Exists(was))
                continue;
            string[] before = File.ReadAllLines(was), after = File.ReadAllLines(now);
            int first = Enumerable.Range(0, Math.Min(before.Length, after.Length)).FirstOrDefault(i => before[i] != after[i], -1);
            Assert.True(first < 0 && before.Length == after.Length,
                first >= 0 ? $"{name}/{file} line {first + 1}:\n  committed:   {before[first]}\n  regenerated: {after[first]}"
                           : $"{name}/{file}: {before.Length} lines committed, {after.Length} regenerated");
            Assert.Equal(File.ReadAllBytes(was), File.ReadAllBytes(now));
        }
    }

    /// <summary>Each committed pooled folder: pool.md and pool.csv regenerate to the byte from the jobs it names.</summary>
    [Theory]
    [InlineData("2026-12-06-vm-847a88b-pooled", "2026-12-06-vm-847a88b", "2026-12-06-vm-847a88b-2")]
    [InlineData("2026-12-06-vm-69d79c9-pooled", "2026-12-06-vm-69d79c9", "2026-12-06-vm-69d79c9-2")]
    public void TheCommittedPooledFolderRegeneratesFromItsJobs(string pooledName, params string[] jobs)
    {
        string pooled = Path.Combine(Repo, "results", pooledName);
        var summaries = jobs.Select(j => FolderSummary.Load(ResultFolder.Open(Path.Combine(Repo, "results", j)), null)).ToList();
        JobPooling.Result pool = JobPooling.Compute(summaries);
        IReadOnlyList<JobPooling.Row> rows = pool.Rows(FolderSummary.ReferenceRun.Load(PatchReference.DefaultFolder()!));
        Assert.Equal(File.ReadAllText(Path.Combine(pooled, "pool.md")), PoolReport.Markdown(pool, rows));
        string csv = Path.Combine(_dir, "pool.csv");
        ResultCsv.Append(csv, rows);
        Assert.Equal(File.ReadAllBytes(Path.Combine(pooled, "pool.csv")), File.ReadAllBytes(csv));
    }

    /// <summary>
    /// One confidence level per folder: every interval a committed folder's CSVs carry is at the
    /// folder's own level (95%, or the looks' per-look level), whatever the row's trials looked like.
    /// </summary>
    [Theory]
    [MemberData(nameof(Folders))]
    public void ACommittedFolderShowsOneConfidenceLevel(string name)
    {
        var (files, strays) = OtherLevels(Path.Combine(Repo, "results", name));
        Assert.True(files > 0, $"{name}: no CSV with a confidence column");
        Assert.Empty(strays);
    }

    [Fact]
    public void ASecondLevelIsCaught()
    {
        // The check can fail: one reproduce.csv row of a 95% folder rewritten at 99%, as two-mode rows used to be.
        const string name = "2026-11-29-vm-kbench";
        string copy = Path.Combine(_dir, name);
        CopyWithoutFigures(Path.Combine(Repo, "results", name), copy);
        string csv = Path.Combine(copy, "reproduce.csv");
        string[] lines = File.ReadAllLines(csv);
        lines[1] = lines[1].Replace(",0.95,", ",0.99,", StringComparison.Ordinal);
        File.WriteAllLines(csv, lines);
        Assert.Single(OtherLevels(copy).Strays);
    }

    /// <summary>The CSVs of a folder with a confidence column, and each value in them other than the folder's level.</summary>
    private static (int Files, List<string> Strays) OtherLevels(string folder)
    {
        double level = MachineInfo.Load(Path.Combine(folder, ResultFolder.MachineFile)).Settings.Confidence;
        int files = 0;
        var strays = new List<string>();
        foreach (string csv in Directory.EnumerateFiles(folder, "*.csv").Where(f => Path.GetFileName(f) is not (ResultFolder.ResultsFile or ResultFolder.SamplesFile)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(csv);
            using var rows = new CsvHelper.CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
            rows.Read();
            rows.ReadHeader();
            int column = Array.IndexOf(rows.HeaderRecord!, "confidence");
            if (column < 0)
                continue;
            files++;
            while (rows.Read())
                if (rows.GetField(column) is { Length: > 0 } v && Math.Abs(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) - level) > 1e-9)
                    strays.Add($"{Path.GetFileName(folder)}/{Path.GetFileName(csv)} row {rows.Parser.Row}: {v} where the folder's level is {level}");
        }
        return (files, strays);
    }

    [Fact]
    public void AChangedNumberIsCaught()
    {
        // The check itself can fail: one committed row's mean nudged by 1%, and summary.md (every scenario x variant) no longer matches.
        const string name = "2026-11-29-vm-why";
        string copy = Path.Combine(_dir, name);
        CopyWithoutFigures(Path.Combine(Repo, "results", name), copy);
        var rows = ResultCsv.Read<ResultRow>(Path.Combine(copy, ResultFolder.ResultsFile));
        File.Delete(Path.Combine(copy, ResultFolder.ResultsFile));
        ResultCsv.Append(Path.Combine(copy, ResultFolder.ResultsFile), rows.Select((r, i) => i == 0 ? r with { ThroughputMean = r.ThroughputMean * 1.01 } : r));
        ResultFolder folder = ResultFolder.Open(copy);
        FolderOutputs.WriteText(folder, FolderSummary.Load(folder, PatchReference.DefaultFolder(), IntroReference.DefaultFolder()));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(Repo, "results", name, "summary.md")), File.ReadAllBytes(Path.Combine(copy, "summary.md")));
    }

    private static void CopyWithoutFigures(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("plots" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}
