namespace Ringbench.Kernel;

/// <summary>Checks, before touching the kernel, that this process may load and attach BPF programs.</summary>
public static class Privileges
{
    private const int CapSysAdmin = 21;
    private const int CapPerfmon = 38;
    private const int CapBpf = 39;

    /// <summary>
    /// True when CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN) are effective. Root is not enough by
    /// itself: a container or capsh can drop them from root, and then the kernel refuses the load.
    /// </summary>
    public static bool CanLoadBpf(out string missing)
    {
        missing = "";
        ulong effective = EffectiveCapabilities();
        bool Has(int cap) => (effective & (1UL << cap)) != 0;
        if (Has(CapSysAdmin) || (Has(CapBpf) && Has(CapPerfmon)))
            return true;
        missing = (Has(CapBpf), Has(CapPerfmon)) switch
        {
            (true, false) => "CAP_PERFMON (or CAP_SYS_ADMIN)",
            (false, true) => "CAP_BPF (or CAP_SYS_ADMIN)",
            _ => "CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN)",
        };
        if (LibC.geteuid() == 0)
            missing += ", which this root process does not have (dropped by a container or capsh)";
        return false;
    }

    public static void EnsureCanLoadBpf()
    {
        if (!CanLoadBpf(out string missing))
        {
            throw new RingbenchException(ExitCode.Environment,
                $"ringbench loads a BPF program into the kernel and needs {missing}: run it as root with its capabilities (sudo ./run-bench.sh), or pass --backend sim to measure the simulated ring instead");
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
