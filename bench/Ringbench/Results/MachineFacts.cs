using System.Globalization;

namespace Ringbench.Results;

/// <summary>
/// The facts about the machine and the run that a folder records, as words: the one list both
/// the machine comparison (machines.md, every fact of every machine) and compare (what differs
/// between two inputs) read, so the two can never describe a machine differently.
/// </summary>
public static class MachineFacts
{
    /// <summary>One fact: its name, its value for a folder, and (where the value is a summary) the words for how two folders differ.</summary>
    public sealed record Fact(string Name, Func<FolderSummary, string> Of, Func<FolderSummary, FolderSummary, string?>? Difference = null)
    {
        /// <summary>How <paramref name="a"/> and <paramref name="b"/> differ in this fact, or null where they do not.</summary>
        public string? Between(FolderSummary a, FolderSummary b) => Difference is not null ? Difference(a, b)
            : Of(a) is var x && Of(b) is var y && x != y ? $"{Name}: {x} vs {y}" : null;
    }

    public static IReadOnlyList<Fact> All { get; } =
    [
        new("CPU", s => s.Machine.CpuModel),
        new("cores", s => s.Machine.Cpus.ToString(CultureInfo.InvariantCulture)),
        new("kernel", s => s.Machine.Kernel),
        new("virtualization", s => s.Machine.Virtualization),
        new("libbpf", s => s.Machine.LibbpfVersion),
        new("attach mode", s => string.Join(", ", s.Rows.Select(r => r.AttachMode).Distinct().Order(StringComparer.Ordinal))),
        new(".NET", s => s.Machine.DotnetVersion),
        new("ringbench", s => s.Machine.Commit),
        // The value is the run's length; two runs can differ in any knob, so the difference names the first that does
        // (the scenarios run are not a difference of settings: compare lists what only one side has).
        new("settings", s => $"-w{s.Machine.Settings.WarmupSeconds} -d{s.Machine.Settings.DurationSeconds}, {MatrixSummary.TrialsText(s.Machine.Settings)}",
            (a, b) => a.Machine.Settings.FirstDifference(b.Machine.Settings) is string d && !d.StartsWith("scenarios", StringComparison.Ordinal) ? $"settings: {d}" : null),
        new("host name", s => s.Machine.Hostname),
    ];

    /// <summary>What differs between two folders' machines and runs, in words, in the facts' order.</summary>
    public static IReadOnlyList<string> Differences(FolderSummary a, FolderSummary b) =>
        All.Select(f => f.Between(a, b)).OfType<string>().ToList();
}
