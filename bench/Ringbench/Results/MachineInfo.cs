using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ringbench.Results;

/// <summary>What a run was measured on and with: machine.json in every result folder.</summary>
public sealed record MachineInfo
{
    public string Hostname { get; init; } = "";
    public string CpuModel { get; init; } = "";

    /// <summary>
    /// The architecture the harness ran as ("x64", "arm64"): the CPU model alone does not say it
    /// (under qemu-user an arm64 build reads the x86 host's /proc/cpuinfo). "" in older folders.
    /// </summary>
    public string Architecture { get; init; } = "";
    public int Cpus { get; init; }
    public string Kernel { get; init; } = "";
    public string Virtualization { get; init; } = "";
    public string LibbpfVersion { get; init; } = "";

    /// <summary>The distribution package of the system libbpf, with its full version ("libbpf1 1:1.1.2-0+deb12u1"); empty in older folders.</summary>
    public string LibbpfPackage { get; init; } = "";

    /// <summary>The libbpf builds the run could load, by flavour name: which source, which diff, in words (empty in older folders).</summary>
    public Dictionary<string, string> LibbpfBuilds { get; init; } = [];

    /// <summary>The same builds as facts, by flavour name: the source's version, the diff it is a side of, the optimisation level (empty in folders older than this field).</summary>
    public Dictionary<string, LibbpfBuildSource> LibbpfSources { get; init; } = [];

    /// <summary>One libbpf build's facts, as its .flavour file records them.</summary>
    public sealed record LibbpfBuildSource(string Version, string Patch, string Optimisation);

    /// <summary>The seed's flavours as one build from source: its source, its diff, its optimisation level ("" where the diff's text carries it), and whether each hunk was built alone too.</summary>
    public sealed record SeedBuilds(string Source, string Diff, string Optimisation, bool HunksApart);

    /// <summary>
    /// The seed's flavours, where both "before" and "after" were built; null otherwise. Taken
    /// from <see cref="LibbpfSources"/>; a folder written before those facts were recorded has
    /// only after.flavour's description ("libbpf 1.1.2-0+deb12u1, with x.diff, -O2"), and there
    /// the description is taken apart, the one place it is.
    /// </summary>
    [JsonIgnore]
    public SeedBuilds? Seed
    {
        get
        {
            bool hunksApart = LibbpfBuilds.ContainsKey("store-only") && LibbpfBuilds.ContainsKey("et-only");
            if (LibbpfSources.TryGetValue("after", out LibbpfBuildSource? after) && after.Patch.Length > 0 && LibbpfSources.ContainsKey("before"))
                return new SeedBuilds($"libbpf {after.Version}", after.Patch, after.Optimisation, hunksApart);
            return LibbpfBuilds.TryGetValue("after", out string? described) && described.Split(", with ", 2) is [string source, string diff] && LibbpfBuilds.ContainsKey("before")
                ? new SeedBuilds(source, diff, "", hunksApart)
                : null;
        }
    }

    /// <summary>The machine and the run in one line, as every report's header states it.</summary>
    [JsonIgnore]
    public string Description =>
        $"{CpuText}, {Cpus} CPUs, kernel {Kernel}, virtualization: {Virtualization}, {LibbpfText}, " +
        $"{DotnetVersion}, ringbench {HarnessVersion} ({Commit}). Warm-up {Settings.WarmupSeconds} s, duration " +
        $"{Settings.DurationSeconds} s, {Settings.TrialsText}, variants interleaved with the order rotating per trial.{Settings.KeepAwakeText} " +
        $"Started {StartedAt:yyyy-MM-dd HH:mm zzz}{(FinishedAt is { } f ? $", finished {f:HH:mm}" : ", not finished")}." +
        (Facts.Count > 0 ? " " + string.Join(", ", Facts.Select(kv => $"{kv.Key}: {kv.Value}")) + "." : "");

    /// <summary>Under a hypervisor: anything systemd-detect-virt names but "none".</summary>
    [JsonIgnore]
    public bool Virtualised => Virtualization.Length > 0 && !Virtualization.StartsWith("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>"AMD EPYC, 2 virtual CPUs": the processor as every report and figure names it (never "x2", which reads as two sockets).</summary>
    [JsonIgnore]
    public string ProcessorText => $"{CpuText}, {Cpus} {(Virtualised ? "virtual CPUs" : "CPUs")}";

    /// <summary>"AMD EPYC (x64)": the CPU model with the architecture the harness ran as, where the folder records it.</summary>
    private string CpuText => Architecture.Length > 0 ? $"{CpuModel} ({Architecture})" : CpuModel;

    /// <summary>"libbpf 1.1 (libbpf1 1:1.1.2-0+deb12u1)", or the version alone for a folder that predates the package field.</summary>
    [JsonIgnore]
    public string LibbpfText => string.IsNullOrEmpty(LibbpfPackage) ? $"libbpf {LibbpfVersion}" : $"libbpf {LibbpfVersion} ({LibbpfPackage})";
    public string DotnetVersion { get; init; } = "";
    public string HarnessVersion { get; init; } = "";
    public string Commit { get; init; } = "";
    public int SchemaVersion { get; init; } = ResultRow.CurrentSchema;
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public MatrixSettings Settings { get; init; } = new();

    /// <summary>Facts that explain noise: SMT, frequency governor, clock source, isolated CPUs.</summary>
    public Dictionary<string, string> Facts { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static MachineInfo Probe(MatrixSettings settings, string libbpfVersion) => new()
    {
        Hostname = Environment.MachineName,
        CpuModel = CpuInfoField("model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
        Cpus = Environment.ProcessorCount,
        Kernel = ReadTrimmed("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
        Virtualization = DetectVirtualization(),
        LibbpfVersion = libbpfVersion,
        DotnetVersion = RuntimeInformation.FrameworkDescription,
        HarnessVersion = typeof(MachineInfo).Assembly.GetName().Version?.ToString() ?? "",
        Commit = GitCommit(),
        StartedAt = DateTimeOffset.Now,
        Settings = settings,
        Facts = NoiseFacts(),
    };

    private static Dictionary<string, string> NoiseFacts()
    {
        var facts = new Dictionary<string, string>();
        void Add(string name, string path)
        {
            string? value = ReadTrimmed(path);
            facts[name] = string.IsNullOrEmpty(value) ? "unknown" : value;
        }
        Add("smt_active", "/sys/devices/system/cpu/smt/active");
        Add("governor", "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
        Add("clocksource", "/sys/devices/system/clocksource/clocksource0/current_clocksource");
        Add("isolated_cpus", "/sys/devices/system/cpu/isolated");
        if (facts["isolated_cpus"] == "unknown")
            facts["isolated_cpus"] = "none";
        return facts;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    public static MachineInfo Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<MachineInfo>(File.ReadAllText(path), Json)
                   ?? throw new RingbenchException(ExitCode.Usage, $"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new RingbenchException(ExitCode.Usage, $"{path}: not a ringbench machine.json ({e.Message.Split('\n')[0]})");
        }
    }

    private static string? CpuInfoField(string field)
    {
        string? line = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            : null;
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }

    private static string? ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    /// <summary>
    /// The hypervisor (systemd-detect-virt --vm, else the cpuinfo hypervisor flag) and any
    /// container around us; "none" when neither. A VM matters most: wake-ups cost more there.
    /// </summary>
    private static string DetectVirtualization()
    {
        string? vm = ProcessOutput.FirstLine("systemd-detect-virt", "--vm");
        if (vm is null or "none")
        {
            string? flags = CpuInfoField("flags");
            vm = flags is not null && flags.Split(' ').Contains("hypervisor") ? "vm (hypervisor flag)" : "none";
        }
        // Firecracker guests boot with its init on the kernel command line; systemd-detect-virt
        // reads the CPUID vendor, which some of them report as another hypervisor (seen: bhyve).
        if (ReadTrimmed("/proc/cmdline") is string cmdline && cmdline.Contains("firecracker", StringComparison.OrdinalIgnoreCase))
            vm = $"firecracker (systemd-detect-virt: {vm})";
        string? container = ProcessOutput.FirstLine("systemd-detect-virt", "--container");
        return container is null or "none" ? vm : $"{vm} (container: {container})";
    }

    private static string GitCommit()
    {
        string? repo = RepositoryRoot();
        if (repo is null)
            return "unknown";
        // A fleet host's copy is no git repository: it carries the commit it was packed from in COMMIT.
        string commitFile = Path.Combine(repo, "COMMIT");
        return File.Exists(commitFile) ? File.ReadAllText(commitFile).Trim()
            : ProcessOutput.FirstLine("git", $"-C \"{repo}\" rev-parse --short HEAD") ?? "unknown";
    }

    /// <summary>
    /// The checkout the harness was built from, found by walking up from the binaries; or the top of
    /// a bundle (./run-bench.sh bundle), which carries <see cref="BundleMarker"/>, COMMIT and the references.
    /// </summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bench.sln")) || File.Exists(Path.Combine(dir.FullName, BundleMarker)))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>The file at the top of a self-contained bundle that marks it as ringbench's root.</summary>
    public const string BundleMarker = "RINGBENCH-BUNDLE";
}

/// <summary>The settings a matrix ran with; a resume must match them exactly.</summary>
public sealed record MatrixSettings
{
    public int WarmupSeconds { get; init; }
    public int DurationSeconds { get; init; }
    public int WaitTimeoutMs { get; init; }
    public int Trials { get; init; } = 1;
    public string Backend { get; init; } = "Kernel";
    public string AttachOrder { get; init; } = "";
    /// <summary>Latency sampling for the scenarios that do not set their own (0 = off).</summary>
    public int LatencySampleEvery { get; init; }

    /// <summary>--keep-awake: a SCHED_IDLE spinner on every CPU during each run (false in folders older than the field).</summary>
    public bool KeepAwake { get; init; }

    /// <summary>" Idle CPUs kept awake ...", or nothing: said in every header where the folder ran so.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string KeepAwakeText => KeepAwake ? " Idle CPUs kept awake (a SCHED_IDLE spinner on each, --keep-awake)." : "";
    public List<string> Variants { get; init; } = [];
    public List<string> Scenarios { get; init; } = [];

    /// <summary>Adaptive trials (--trials auto): the trial counts at which verdicts are looked at; empty for a fixed count.</summary>
    public List<int> Looks { get; init; } = [];

    /// <summary>Adaptive trials: the wall-clock budget in minutes (0 = none).</summary>
    public double BudgetMinutes { get; init; }

    /// <summary>The confidence every interval of this folder is shown with: 95%, or 95% spent over the looks of an adaptive run.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Confidence => Looks.Count > 0 ? new SequentialPlan(Looks).Confidence : SequentialPlan.FamilyConfidence;

    /// <summary>"3 trial(s)", or the adaptive plan.</summary>
    public string TrialsText => Looks.Count == 0 ? $"{Trials} trial(s)"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"adaptive trials (looks at {string.Join(", ", Looks)}; each interval at {Confidence:P2})");

    private static string Idle(bool keptAwake) => keptAwake ? "kept awake" : "halting";

    /// <summary>The first setting that differs from <paramref name="other"/>, or null if they match.</summary>
    public string? FirstDifference(MatrixSettings other)
    {
        if (WarmupSeconds != other.WarmupSeconds) return $"warm-up {WarmupSeconds}s vs {other.WarmupSeconds}s";
        if (DurationSeconds != other.DurationSeconds) return $"duration {DurationSeconds}s vs {other.DurationSeconds}s";
        if (Trials != other.Trials) return $"trials {Trials} vs {other.Trials}";
        if (Backend != other.Backend) return $"backend {Backend} vs {other.Backend}";
        if (WaitTimeoutMs != other.WaitTimeoutMs) return $"wait timeout {WaitTimeoutMs}ms vs {other.WaitTimeoutMs}ms";
        if (AttachOrder != other.AttachOrder) return $"attach {AttachOrder} vs {other.AttachOrder}";
        if (LatencySampleEvery != other.LatencySampleEvery) return $"latency every {LatencySampleEvery} vs {other.LatencySampleEvery}";
        if (KeepAwake != other.KeepAwake) return $"idle CPUs {Idle(KeepAwake)} vs {Idle(other.KeepAwake)}";
        if (!Variants.SequenceEqual(other.Variants)) return $"variants {string.Join(",", Variants)} vs {string.Join(",", other.Variants)}";
        if (!Scenarios.SequenceEqual(other.Scenarios)) return $"scenarios differ ({Scenarios.Count} vs {other.Scenarios.Count})";
        if (!Looks.SequenceEqual(other.Looks)) return $"looks {string.Join(",", Looks)} vs {string.Join(",", other.Looks)}";
        if (BudgetMinutes != other.BudgetMinutes) return $"budget {BudgetMinutes} vs {other.BudgetMinutes} minutes";
        return null;
    }
}
