using Ringbench.Compare;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// The README's numbers, checked against the committed folders they come from: each quoted ratio
/// is recomputed from the folder's CSVs by the code the reports use, and must stand in the README
/// exactly as the reports print it. A regenerated folder with other numbers fails here until the
/// README follows.
/// </summary>
public class ReadmeNumbersTests
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(Repo, "README.md")));

    private static readonly Dictionary<string, FolderSummary> Folders = [];

    private static FolderSummary Folder(string name)
    {
        lock (Folders)
        {
            if (!Folders.TryGetValue(name, out FolderSummary? summary))
                Folders[name] = summary = FolderSummary.Load(ResultFolder.Open(Path.Combine(Repo, "results", name)), null);
            return summary;
        }
    }

    /// <summary>The rows of the README table whose header starts with <paramref name="header"/>.</summary>
    private static IReadOnlyList<string> Table(string header) =>
        Readme.Value.Split('\n').SkipWhile(l => !l.StartsWith(header, StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith('|')).ToList();

    /// <summary>after / before of one pair on one scenario, at the folder's own confidence, as summary.md prints it.</summary>
    private static string Ratio(string folder, string scenario, string before, string after)
    {
        FolderSummary summary = Folder(folder);
        TrialSummary b = summary.Find(scenario, before) ?? throw new InvalidOperationException($"{folder} has no {scenario} {before}");
        TrialSummary a = summary.Find(scenario, after) ?? throw new InvalidOperationException($"{folder} has no {scenario} {after}");
        return MatrixSummary.RatioText(RatioInterval.Of(b, a, summary.Confidence));
    }

    [Theory]
    [InlineData("parallel")]
    [InlineData("b2b")]
    [InlineData("multi-producer-1")]
    [InlineData("multi-producer-4")]
    [InlineData("multi-producer-24")]
    public void TheMainJobTableQuotesTheMainJobFolder(string scenario)
    {
        string ratio = Ratio("2026-11-29-vm-8126fa7", scenario, "libbpf-before", "libbpf-after");
        string row = Table("| row | patch | measured (libbpf after / before) |").Single(l => l.StartsWith($"| {scenario} |", StringComparison.Ordinal));
        Assert.Equal(ratio, row.Split('|', StringSplitOptions.TrimEntries)[3]);
    }

    [Theory]
    [InlineData("libbpf-before")]
    [InlineData("libbpf-store-only")]
    [InlineData("libbpf-after")]
    [InlineData("libbpf-et-only")]
    public void TheCostTableQuotesTheWhyFolder(string variant)
    {
        TrialSummary s = Folder("2026-11-29-vm-why").Find("parallel", variant)!;
        string F(double v, string format) => v.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        string[] expected =
        [
            F(s.MeanCost(c => c.BpfNsPerRecord), "F1"), F(s.MeanCost(c => c.ProducerIrqWorkPerThousand), "F2"),
            F(s.MeanCost(c => c.SwitchesPerWakeup), "F2"), F(s.MeanCost(c => c.ConsumerOffCpuShare) * 100, "F0") + "%",
        ];
        string row = Table("| scenario | variant | BPF ns/record | IWI / 1k records |").Single(l => l.StartsWith($"| parallel | {variant} |", StringComparison.Ordinal));
        Assert.Equal(expected, row.Split('|', StringSplitOptions.TrimEntries)[3..7]);
    }

    [Fact]
    public void TheSplitQuotedIsTheWhyFolders()
    {
        var splits = Folder("2026-11-29-vm-why").Splits.ToDictionary(r => r.Scenario);
        foreach (string text in new[]
                 {
                     MatrixSummary.RatioText(splits["parallel"].Store), MatrixSummary.RatioText(splits["parallel"].TriggerAfterStore),
                     MatrixSummary.RatioText(splits["b2b"].Store), MatrixSummary.RatioText(splits["b2b"].TriggerAfterStore),
                 })
            Assert.Contains($"({text})", Readme.Value.Replace("\n", " "));
    }

    [Fact]
    public void TheWakeupFitsQuotedAreTheFolders()
    {
        var why = Folder("2026-11-29-vm-why").WakeupFits.ToDictionary(f => f.Scenario);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string text = Readme.Value.Replace("\n", " ");
        Assert.Contains(string.Create(inv, $"{why["parallel"].NsPerWakeup / 1000:F1} us on parallel here (R² {why["parallel"].RSquared:F2}"), text);
        Assert.Contains(string.Create(inv, $"explain none of it (R² {why["parallel-sampled"].RSquared:F2})"), text);
        Assert.Contains(string.Create(inv, $"explains R² {why["parallel-sampled"].ProducerRSquared:F2}"), text);
    }

    public static TheoryData<string, string, string, string> PilotRatios()
    {
        var cells = new TheoryData<string, string, string, string>();
        foreach (string scenario in new[] { "parallel", "b2b", "multi-producer-4", "sample-rate-1" })
        {
            foreach (string folder in new[] { "2026-11-29-vm-pilot-script", "2026-11-29-vm-pilot-short" })
            {
                cells.Add(folder, scenario, "libbpf-before", "libbpf-after");
                cells.Add(folder, scenario, "lt-release", "et-seqcst");
            }
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(PilotRatios))]
    public void TheRunLengthTableQuotesThePilotFolders(string folder, string scenario, string before, string after)
    {
        string ratio = Ratio(folder, scenario, before, after);
        string row = Table("| scenario | libbpf, 3 x -w3 -d10 |").Single(l => l.StartsWith($"| {scenario} |", StringComparison.Ordinal)
                                                                         || l.StartsWith($"| {scenario} (control) |", StringComparison.Ordinal));
        string[] cells = row.Split('|', StringSplitOptions.TrimEntries);
        // | scenario | libbpf script | libbpf short | C# script | C# short |
        int column = (before == "libbpf-before" ? 2 : 4) + (folder.EndsWith("short", StringComparison.Ordinal) ? 1 : 0);
        Assert.Equal(ratio, cells[column]);
    }
}
