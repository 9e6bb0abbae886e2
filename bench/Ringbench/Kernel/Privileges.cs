namespace Ringbench.Kernel;

/// <summary>Checks, before touching the kernel, that this process may load and attach BPF programs.</summary>
public static class Privileges
{
    private const int CapSysAdmin = 21;
    private const int CapPerfmon = 38;
    private const int CapBpf = 39;

    /// <summary>True when root, or when CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN) are effective.</summary>
    public static bool CanLoadBpf(out string missing)
    {
        missing = "";
        if (LibC.geteuid() == 0)
            return true;
        ulong effective = EffectiveCapabilities();
        bool Has(int cap) => (effective & (1UL << cap)) != 0;
        if (Has(CapSysAdmin) || (Has(CapBpf) && Has(CapPerfmon)))
            return true;
        missing = Has(CapBpf) ? "CAP_PERFMON" : "root or CAP_BPF and CAP_PERFMON";
        return false;
    }

    public static void EnsureCanLoadBpf()
    {
        if (!CanLoadBpf(out string missing))
        {
            throw new RingbenchException(ExitCode.Environment,
                $"ringbench loads a BPF program into the kernel and needs {missing}: run it as root (sudo ./run-bench.sh), or pass --backend sim to measure the simulated ring instead");
        }
    }

    private static ulong EffectiveCapabilities()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                return Convert.ToUInt64(line["CapEff:".Length..].Trim(), 16);
        }
        return 0;
    }
}
