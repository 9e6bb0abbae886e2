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
    public sealed record Fact(string Name, Func<MachineInfo, IReadOnlyList<ResultRow>, string> Of, Func<MachineInfo, MachineInfo, string?>? Difference = null)
    {
        /// <summary>How <paramref name="a"/> and <paramref name="b"/> differ in this fact, or null where they do not.</summary>
        public string? Between((MachineInfo Machine, IReadOnlyList<ResultRow> Rows) a, (MachineInfo Machine, IReadOnlyList<ResultRow> Rows) b) =>
            Difference is not null ? Difference(a.Machine, b.Machine)
            : Of(a.Machine, a.Rows) is var x && Of(b.Machine, b.Rows) is var y && x != y ? $"{Name}: {x} vs {y}" : null;
    }

    public static IReadOnlyList<Fact> All { get; } =
    [
        new("CPU", (m, _) => m.CpuModel),
        // Said only where both folders record it: a folder older than the field is not "another architecture".
        new("architecture", (m, _) => m.Architecture,
            (a, b) => a.Architecture.Length > 0 && b.Architecture.Length > 0 && a.Architecture != b.Architecture ? $"architecture: {a.Architecture} vs {b.Architecture}" : null),
        new("cores", (m, _) => m.Cpus.ToString(CultureInfo.InvariantCulture)),
        new("kernel", (m, _) => m.Kernel),
        new("virtualization", (m, _) => m.Virtualization),
        new("libbpf", (m, _) => m.LibbpfVersion),
        new("attach mode", (_, rows) => string.Join(", ", rows.Select(r => r.AttachMode).Distinct().Order(StringComparer.Ordinal))),
        new(".NET", (m, _) => m.DotnetVersion),
        new("ringbench", (m, _) => m.Commit),
        // The value is the run's length; two runs can differ in any knob, so the difference names the first that does
        // (the scenarios run are not a difference of settings: compare lists what only one side has).
        new("settings", (m, _) => $"-w{m.Settings.WarmupSeconds} -d{m.Settings.DurationSeconds}, {m.Settings.TrialsText}",
            (a, b) => a.Settings.FirstDifference(b.Settings) is string d && !d.StartsWith("scenarios", StringComparison.Ordinal) ? $"settings: {d}" : null),
        new("host name", (m, _) => m.Hostname),
    ];

    /// <summary>What differs between two folders' machines and runs, in words, in the facts' order.</summary>
    public static IReadOnlyList<string> Differences((MachineInfo Machine, IReadOnlyList<ResultRow> Rows) a, (MachineInfo Machine, IReadOnlyList<ResultRow> Rows) b) =>
        All.Select(f => f.Between(a, b)).OfType<string>().ToList();
}
