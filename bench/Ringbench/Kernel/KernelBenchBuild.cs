namespace Ringbench.Kernel;

/// <summary>
/// One build of the kernel's own ring buffer benchmark (tools/testing/selftests/bpf/bench) that
/// bpf-progs/kernel-bench/build-kernel-bench.sh made from a kernel tree: the tree's libbpf
/// without or with the seed diff, at -O0 (as the selftests build it) or -O2, what its ringbuf.c
/// does with the store and the epoll registration, and how its producers attach.
/// </summary>
public sealed record KernelBenchBuild(string Name, string Source, string Diff, string Optimisation, string Store, string Trigger, string Attach, string BenchPath)
{
    /// <summary>Where the build copies the benches: beside the harness.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "kernel-bench");

    /// <summary>The change to the bench's BPF programs the build applied, where it applied one (fentry refused): copied into result folders.</summary>
    public static string AttachDiffPath => Path.Combine(Folder, "attach.diff");

    /// <summary>The builds made for this harness, by name (before-o0, after-o0, before-o2, after-o2).</summary>
    public static IReadOnlyDictionary<string, KernelBenchBuild> Built => Catalog.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, KernelBenchBuild>> Catalog = new(() => ReadFolder(Folder));

    /// <summary>Every &lt;name&gt;.kbench with its bench-&lt;name&gt; beside it.</summary>
    public static IReadOnlyDictionary<string, KernelBenchBuild> ReadFolder(string folder) =>
        BuildManifest.Read(folder, ".kbench", name => "bench-" + name)
            .ToDictionary(m => m.Name, m => new KernelBenchBuild(m.Name, m.Field("source"), m.Field("diff"), m.Field("opt"),
                m.Field("store"), m.Field("trigger"), m.Field("attach"), m.BuiltFile), StringComparer.Ordinal);

    /// <summary>Why build <paramref name="name"/> is not here, in one line; null if it is.</summary>
    public static string? WhyMissing(string name)
    {
        if (Built.ContainsKey(name))
            return null;
        return BuildManifest.WhyUnavailable(Folder) is string reason
            ? $"the kernel bench ({name}) was not built: {reason}"
            : $"the kernel bench ({name}) was not built (the build makes it from the distribution's kernel source; " +
              "'make -C bpf-progs kernel-bench' retries, 'bash bpf-progs/kernel-bench/build-kernel-bench.sh bpf-progs/build --tree DIR' takes a tree of your own)";
    }

    /// <summary>Copies every build's manifest and the attach change (where one was applied) into <paramref name="destination"/>.</summary>
    public static void CopyRecordsInto(string destination)
    {
        if (!Directory.Exists(Folder))
            return;
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.EnumerateFiles(Folder).Where(f => f.EndsWith(".kbench", StringComparison.Ordinal) || f == AttachDiffPath))
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
    }

    public static KernelBenchBuild Get(string name) => Built.TryGetValue(name, out KernelBenchBuild? b) ? b
        : throw new RingbenchException(ExitCode.Environment, WhyMissing(name)!);
}
