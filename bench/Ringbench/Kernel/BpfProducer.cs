using System.Runtime.InteropServices;

namespace Ringbench.Kernel;

/// <summary>
/// The BPF producer loaded into the running kernel and attached to the trigger syscall:
/// owns the bpf_object (and so the ring map) and the link. Disposing detaches and unloads;
/// if the process dies instead, the kernel drops both with the file descriptors.
/// </summary>
public sealed unsafe class BpfProducer : IDisposable
{
    public const string ObjectFileName = "ringbuf_producer.bpf.o";
    private const string RingMapName = "ringbuf";
    private const string PerfMapName = "perfbuf";
    private const string ShardsMapName = "ring_shards";
    private static readonly Dictionary<AttachMode, string> ProgramNames = new()
    {
        [AttachMode.Fentry] = "produce_on_fentry",
        [AttachMode.RawTracepoint] = "produce_on_sys_enter",
    };

    private readonly BpfObjectHandle _object;
    private readonly BpfLinkHandle _link;
    private readonly int _bssFd;
    private readonly int _bssSize;
    private readonly int _triggersOffset, _attemptedOffset, _droppedOffset;
    private readonly FileDescriptorHandle[] _shards;
    private readonly int _readerFd;

    private BpfProducer(BpfObjectHandle obj, BpfLinkHandle link, AttachMode mode, int ringFd, int perfFd, int programFd,
        int bssFd, int bssSize, BtfDataSection bss, FileDescriptorHandle[] shards, int readerFd)
    {
        _readerFd = readerFd;
        PerfMapFd = perfFd;
        _shards = shards;
        _object = obj;
        _link = link;
        AttachMode = mode;
        RingFd = ringFd;
        ProgramFd = programFd;
        _bssFd = bssFd;
        _bssSize = bssSize;
        _triggersOffset = bss.OffsetOf("triggers", sizeof(long));
        _attemptedOffset = bss.OffsetOf("attempted", sizeof(long));
        _droppedOffset = bss.OffsetOf("dropped", sizeof(long));
    }

    /// <summary>Which hook actually ran; recorded with every result.</summary>
    public AttachMode AttachMode { get; }

    /// <summary>The BPF_MAP_TYPE_RINGBUF map's fd (owned by the object).</summary>
    public int RingFd { get; }

    /// <summary>The BPF_MAP_TYPE_PERF_EVENT_ARRAY map's fd (owned by the object): a perf buffer consumer fills its slots.</summary>
    public int PerfMapFd { get; }

    /// <summary>The sharded rings' map fds, one per shard (owned here; empty for the one shared ring).</summary>
    public IReadOnlyList<int> ShardFds => _shards.Select(s => s.Fd).ToList();

    /// <summary>The attached program's fd (owned by the object), for its run-time statistics.</summary>
    public int ProgramFd { get; }

    /// <summary>The section holding reader_tgid alone, so that writing it never races the counters in .bss.</summary>
    private const string ReaderSectionName = ".data.reader";

    /// <summary>
    /// Lets the process <paramref name="pid"/> trigger batches too (0: nobody but ringbench): a
    /// reader in another process running a back-to-back scenario fires each batch itself.
    /// </summary>
    public unsafe void LetProcessTrigger(int pid)
    {
        uint key = 0, tgid = (uint)pid;
        if (LibBpf.bpf_map_update_elem(_readerFd, &key, &tgid, 0) != 0)
            throw new RingbenchException(ExitCode.Environment,
                $"could not let process {pid} trigger the producer: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>Default location: bpf/ beside the harness's assemblies, where the build puts it.</summary>
    public static string DefaultObjectPath => Path.Combine(AppContext.BaseDirectory, "bpf", ObjectFileName);

    /// <summary>
    /// Opens, configures, loads and attaches the producer, trying each attach mode in
    /// <see cref="ProducerConfig.AttachOrder"/> until the kernel accepts one.
    /// </summary>
    public static BpfProducer Load(string objectPath, ProducerConfig config)
    {
        if (!File.Exists(objectPath))
        {
            throw new RingbenchException(ExitCode.Environment,
                $"BPF object not found at {objectPath}: build it with 'make -C bpf-progs' or 'dotnet build' (./run-bench.sh does both)");
        }
        LibBpf.EnsureAvailable();
        NativeShim.EnsureAvailable();
        Privileges.EnsureCanLoadBpf();
        NativeShim.ringbench_capture_libbpf_log();

        var refusals = new List<string>();
        foreach (AttachMode mode in config.AttachOrder)
        {
            BpfProducer? producer = TryLoad(objectPath, config, mode, out string refusal);
            if (producer is not null)
                return producer;
            refusals.Add($"{mode}: {refusal}");
        }
        throw new RingbenchException(ExitCode.KernelRefused,
            $"the kernel refused the BPF producer ({string.Join("; ", refusals)})");
    }

    private static BpfProducer? TryLoad(string objectPath, ProducerConfig config, AttachMode mode, out string refusal)
    {
        nint raw = LibBpf.bpf_object__open_file(objectPath, 0);
        if (raw == 0)
        {
            throw new RingbenchException(ExitCode.Environment,
                $"libbpf could not open {objectPath}: {LibBpf.ErrorText(Marshal.GetLastPInvokeError())}");
        }
        var obj = new BpfObjectHandle(raw);
        try
        {
            nint ringMap = FindMap(raw, RingMapName);
            Check(LibBpf.bpf_map__set_max_entries(ringMap, config.RingSizeBytes), "set the ring size");
            // The shard array: as many slots as shards (one at least, unused by the shared ring). Its inner
            // template stays at the object's size: the kernel matches a ring put in a slot by type, key,
            // value and flags, not by size (bpf_map_meta_equal, kernel/bpf/map_in_map.c), so each shard
            // is created at the ring's size below. (libbpf cannot resize the template: its inner map has
            // no object, and bpf_map__set_max_entries on it dereferences that.)
            nint shardsMap = FindMap(raw, ShardsMapName);
            Check(LibBpf.bpf_map__set_max_entries(shardsMap, Math.Max(1, config.Shards)), "set the shard count");
            WriteConfiguration(raw, config);
            foreach (var (other, name) in ProgramNames)
                Check(LibBpf.bpf_program__set_autoload(FindProgram(raw, name), other == mode), $"select {name}");

            int err = LibBpf.bpf_object__load(raw);
            if (err != 0)
            {
                refusal = $"load failed: {LibC.ErrnoText(-err)}{LastLibbpfError()}";
                obj.Dispose();
                return null;
            }
            // Before attach: a producer must find its shard in place from its first record.
            FileDescriptorHandle[] shards = CreateShards(LibBpf.bpf_map__fd(shardsMap), config);
            nint program = FindProgram(raw, ProgramNames[mode]);
            nint link = LibBpf.bpf_program__attach(program);
            if (link == 0)
            {
                refusal = $"attach failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}{LastLibbpfError()}";
                foreach (FileDescriptorHandle shard in shards)
                    shard.Dispose();
                obj.Dispose();
                return null;
            }
            nint bss = FindMap(raw, ".bss");
            var bssLayout = BtfDataSection.Read(raw, ".bss");
            refusal = "";
            return new BpfProducer(obj, new BpfLinkHandle(link), mode, LibBpf.bpf_map__fd(ringMap),
                LibBpf.bpf_map__fd(FindMap(raw, PerfMapName)), LibBpf.bpf_program__fd(program),
                LibBpf.bpf_map__fd(bss), (int)LibBpf.bpf_map__value_size(bss), bssLayout, shards,
                LibBpf.bpf_map__fd(FindMap(raw, ReaderSectionName)));
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The sharded rings: one BPF_MAP_TYPE_RINGBUF of the ring's size per shard, created outside
    /// the object and stored in the shard array, whose slot i the producers on CPU i % shards use.
    /// </summary>
    private static FileDescriptorHandle[] CreateShards(int shardsFd, ProducerConfig config)
    {
        var shards = new List<FileDescriptorHandle>();
        try
        {
            for (uint i = 0; i < config.Shards; i++)
            {
                int fd = LibBpf.bpf_map_create(LibBpf.MapTypeRingbuf, $"ringbench_shard{i}", 0, 0, config.RingSizeBytes, 0);
                if (fd < 0)
                    throw new RingbenchException(ExitCode.KernelRefused, $"the kernel refused shard ring {i}: {LibC.ErrnoText(-fd)}");
                shards.Add(new FileDescriptorHandle(fd));
                uint key = i;
                if (LibBpf.bpf_map_update_elem(shardsFd, &key, &fd, 0) != 0)
                    throw new RingbenchException(ExitCode.KernelRefused,
                        $"storing shard ring {i} in the shard array failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
            }
            return shards.ToArray();
        }
        catch
        {
            foreach (FileDescriptorHandle shard in shards)
                shard.Dispose();
            throw;
        }
    }

    /// <summary>Writes the producer's read-only globals; the verifier then sees them as constants.</summary>
    private static void WriteConfiguration(nint obj, ProducerConfig config)
    {
        nint rodata = FindMap(obj, ".rodata");
        nuint size;
        byte* initial = (byte*)LibBpf.bpf_map__initial_value(rodata, &size);
        if (initial == null)
            throw new RingbenchException(ExitCode.Environment, "libbpf gave no initial value for .rodata: rebuild bpf-progs");
        var layout = BtfDataSection.Read(obj, ".rodata");
        *(uint*)(initial + layout.OffsetOf("batch_cnt", 4)) = config.BatchCount;
        *(uint*)(initial + layout.OffsetOf("use_output", 4)) = config.UseOutput ? 1u : 0u;
        *(uint*)(initial + layout.OffsetOf("notify_mode", 4)) = (uint)config.Notify;
        *(ulong*)(initial + layout.OffsetOf("wakeup_data_size", 8)) = config.WakeupDataSize;
        *(uint*)(initial + layout.OffsetOf("target_tgid", 4)) = (uint)Environment.ProcessId;
        *(long*)(initial + layout.OffsetOf("trigger_syscall_nr", 8)) = TriggerSyscall.Number;
        *(uint*)(initial + layout.OffsetOf("stamp_every", 4)) = config.StampEvery;
        *(ulong*)(initial + layout.OffsetOf("wakeup_every", 8)) = config.WakeupEvery;
        *(uint*)(initial + layout.OffsetOf("use_perfbuf", 4)) = config.Buffer == EventBuffer.Perf ? 1u : 0u;
        *(uint*)(initial + layout.OffsetOf("shard_cnt", 4)) = config.Shards;
    }

    /// <summary>The producer's counters now. One bpf() syscall; meant for once-a-second sampling.</summary>
    public ProducerCounters ReadCounters()
    {
        byte* value = stackalloc byte[_bssSize];
        uint key = 0;
        if (LibBpf.bpf_map_lookup_elem(_bssFd, &key, value) != 0)
        {
            throw new RingbenchException(ExitCode.KernelRefused,
                $"reading the producer counters failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        }
        return new ProducerCounters(
            *(long*)(value + _triggersOffset), *(long*)(value + _attemptedOffset), *(long*)(value + _droppedOffset));
    }

    public void Dispose()
    {
        _link.Dispose();
        _object.Dispose();
        foreach (FileDescriptorHandle shard in _shards)
            shard.Dispose();
    }

    private static nint FindMap(nint obj, string name)
    {
        nint map = LibBpf.bpf_object__find_map_by_name(obj, name);
        return map != 0 ? map : throw new RingbenchException(ExitCode.Environment,
            $"the BPF object has no map '{name}': is it ringbench's producer? Rebuild bpf-progs");
    }

    private static nint FindProgram(nint obj, string name)
    {
        nint prog = LibBpf.bpf_object__find_program_by_name(obj, name);
        return prog != 0 ? prog : throw new RingbenchException(ExitCode.Environment,
            $"the BPF object has no program '{name}': rebuild bpf-progs");
    }

    private static void Check(int err, string what)
    {
        if (err != 0)
            throw new RingbenchException(ExitCode.Environment, $"libbpf could not {what}: {LibC.ErrnoText(-err)}");
    }

    private static string LastLibbpfError()
    {
        string log = NativeShim.TakeLibbpfLog().Trim();
        if (log.Length == 0)
            return "";
        string last = log.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        return $" [libbpf: {last}]";
    }
}
