namespace Ringbench.Kernel;

/// <summary>
/// Per-CPU counts of the interrupts a ring-buffer wake-up causes, from /proc/interrupts: IWI
/// (irq work: the BPF producer's commit queues an irq_work to wake the consumer, kernel/bpf/ringbuf.c
/// bpf_ringbuf_notify), RES (rescheduling: the woken consumer is kicked onto its CPU) and CAL
/// (function calls between CPUs). Read before and after a run; the difference is the run's.
/// </summary>
public sealed record InterruptCounts(IReadOnlyList<long> IrqWork, IReadOnlyList<long> Rescheduling, IReadOnlyList<long> FunctionCalls)
{
    public const string ProcPath = "/proc/interrupts";

    /// <summary>The counts now, or null where /proc/interrupts is missing or lacks the rows (<paramref name="why"/> says which).</summary>
    public static InterruptCounts? Read(out string? why, string path = ProcPath)
    {
        if (!File.Exists(path))
        {
            why = $"interrupt counts not available: no {path}";
            return null;
        }
        return Parse(File.ReadAllLines(path), out why);
    }

    /// <summary>Parses the text of /proc/interrupts: a header of CPU columns, then one row per source.</summary>
    public static InterruptCounts? Parse(IReadOnlyList<string> lines, out string? why)
    {
        int cpus = lines.Count == 0 ? 0 : lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(c => c.StartsWith("CPU", StringComparison.Ordinal));
        long[]? Row(string name)
        {
            string? line = lines.FirstOrDefault(l => l.TrimStart().StartsWith(name + ":", StringComparison.Ordinal));
            if (line is null)
                return null;
            string[] fields = line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var counts = new long[cpus];
            for (int i = 0; i < cpus; i++)
            {
                if (i >= fields.Length || !long.TryParse(fields[i], out counts[i]))
                    return null;
            }
            return counts;
        }
        long[]? iwi = Row("IWI"), res = Row("RES"), cal = Row("CAL");
        if (cpus == 0 || iwi is null || res is null || cal is null)
        {
            why = "interrupt counts not available: /proc/interrupts has no IWI, RES and CAL rows per CPU";
            return null;
        }
        why = null;
        return new InterruptCounts(iwi, res, cal);
    }

    /// <summary>Each source summed over <paramref name="cpus"/> (all CPUs when null).</summary>
    public (long IrqWork, long Rescheduling, long FunctionCalls) On(IReadOnlyCollection<int>? cpus)
    {
        long Sum(IReadOnlyList<long> row) => cpus is null ? row.Sum() : cpus.Where(c => c >= 0 && c < row.Count).Sum(c => row[c]);
        return (Sum(IrqWork), Sum(Rescheduling), Sum(FunctionCalls));
    }

    public static InterruptCounts operator -(InterruptCounts a, InterruptCounts b) => new(
        a.IrqWork.Zip(b.IrqWork, (x, y) => x - y).ToList(),
        a.Rescheduling.Zip(b.Rescheduling, (x, y) => x - y).ToList(),
        a.FunctionCalls.Zip(b.FunctionCalls, (x, y) => x - y).ToList());
}
