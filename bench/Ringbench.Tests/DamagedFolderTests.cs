using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>A damaged result folder, as a user meets it: one line naming the file and what is wrong, exit 2, no stack trace.</summary>
public sealed class DamagedFolderTests : IDisposable
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-damaged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A copy of a small committed folder (without its figures), changed by <paramref name="damage"/>.</summary>
    private string Damaged(string name, Action<string> damage)
    {
        string from = Path.Combine(Repo, "results", "2026-11-29-vm-why"), to = Path.Combine(_dir, name);
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        damage(to);
        return to;
    }

    private static void OneLine(int exit, string error, string expected)
    {
        Assert.Equal(2, exit);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void AMalformedRowInResultsCsvIsNamedByFileAndLine()
    {
        string folder = Damaged("row", f =>
        {
            string[] lines = File.ReadAllLines(Path.Combine(f, ResultFolder.ResultsFile));
            lines[4] = "garbage,row,that,is,not,right";
            File.WriteAllLines(Path.Combine(f, ResultFolder.ResultsFile), lines);
        });
        var (exit, _, error) = CliTests.Ringbench("report", folder);
        OneLine(exit, error, $"{ResultFolder.ResultsFile}:5: malformed row");
        var (cExit, _, cError) = CliTests.Ringbench("compare", folder, Path.Combine(Repo, "results", "2026-11-29-vm-why"));
        OneLine(cExit, cError, $"{ResultFolder.ResultsFile}:5: malformed row");
    }

    [Fact]
    public void ADamagedMachineJsonIsNamed()
    {
        string folder = Damaged("machine", f => File.WriteAllText(Path.Combine(f, ResultFolder.MachineFile), "{\"schema_version\": 7, \"broken"));
        var (exit, _, error) = CliTests.Ringbench("report", folder);
        OneLine(exit, error, $"{ResultFolder.MachineFile}: not a ringbench machine.json");
    }

    [Fact]
    public void AFolderWithoutResultsIsNamed()
    {
        string folder = Damaged("empty", f => File.Delete(Path.Combine(f, ResultFolder.ResultsFile)));
        var (exit, _, error) = CliTests.Ringbench("report", folder);
        OneLine(exit, error, "is not a ringbench result folder");
    }
}
