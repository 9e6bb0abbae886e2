using Ringbench.Kernel;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>Which ring a run measures.</summary>
public enum BackendKind
{
    /// <summary>The BPF producer in the running kernel and its BPF_MAP_TYPE_RINGBUF (needs privileges).</summary>
    Kernel,
    /// <summary>The kernel's producer protocol simulated in this process (no BPF; for machines that refuse it).</summary>
    Simulated,
}

/// <summary>The ring a run measures and the producer that fills it: the kernel's, or the simulation.</summary>
public interface IRingBackend : IDisposable
{
    AttachMode AttachMode { get; }
    RingView View { get; }

    /// <summary>The fd a consumer waits on.</summary>
    int WaitFd { get; }

    bool Simulated { get; }

    /// <summary>The sharded rings, mapped, with the fd each is waited on by (empty for one shared ring and for the simulation).</summary>
    IReadOnlyList<RingShard> Shards { get; }

    /// <summary>The perf event array a perf buffer consumer fills with its per-CPU events (-1 where there is none: the simulation).</summary>
    int PerfMapFd { get; }

    ProducerCounters ReadCounters();

    /// <summary>The BPF producer's run time so far (null for the simulation, or where statistics are off).</summary>
    BpfProgramRunTime? ReadProgramRunTime();

    /// <summary>Runs one producer batch on the calling thread.</summary>
    void Trigger();

    /// <summary>Lets another process trigger batches as well (a reader process in back-to-back mode).</summary>
    void LetProcessTrigger(int pid);

    public static IRingBackend Open(BenchSettings settings, string bpfObjectPath) => settings.Backend switch
    {
        BackendKind.Simulated => new SimulatedRingBackend(settings.ToProducerConfig()),
        _ => KernelRingBackend.Load(bpfObjectPath, settings.ToProducerConfig(), settings.RingSizeBytes),
    };
}

/// <summary>The real thing: the BPF producer attached to getpgid, its ring mmapped.</summary>
public sealed class KernelRingBackend : IRingBackend
{
    private readonly BpfProducer _producer;
    private readonly MappedRing _ring;
    private readonly List<MappedRing> _shards;

    private KernelRingBackend(BpfProducer producer, MappedRing ring, List<MappedRing> shards)
    {
        _producer = producer;
        _ring = ring;
        _shards = shards;
        Shards = shards.Select((s, i) => new RingShard(s.View, producer.ShardFds[i])).ToList();
    }

    public static KernelRingBackend Load(string bpfObjectPath, ProducerConfig config, uint ringSize)
    {
        BpfProducer producer = BpfProducer.Load(bpfObjectPath, config);
        var mapped = new List<MappedRing>();
        try
        {
            foreach (int shardFd in producer.ShardFds)
                mapped.Add(new MappedRing(shardFd, ringSize));
            return new KernelRingBackend(producer, new MappedRing(producer.RingFd, ringSize), mapped);
        }
        catch
        {
            foreach (MappedRing shard in mapped)
                shard.Dispose();
            producer.Dispose();
            throw;
        }
    }

    public IReadOnlyList<RingShard> Shards { get; }

    public AttachMode AttachMode => _producer.AttachMode;
    public RingView View => _ring.View;
    public int WaitFd => _producer.RingFd;
    public bool Simulated => false;
    public int PerfMapFd => _producer.PerfMapFd;
    public ProducerCounters ReadCounters() => _producer.ReadCounters();
    public BpfProgramRunTime? ReadProgramRunTime() => BpfRunStats.Read(_producer.ProgramFd);
    public void Trigger() => TriggerSyscall.Fire();
    public void LetProcessTrigger(int pid) => _producer.LetProcessTrigger(pid);

    public void Dispose()
    {
        foreach (MappedRing shard in _shards)
            shard.Dispose();
        _ring.Dispose();
        _producer.Dispose();
    }
}

/// <summary>The simulation: <see cref="SimulatedProducer"/> on an in-memory ring, wake-ups on an eventfd.</summary>
public sealed class SimulatedRingBackend(ProducerConfig config) : IRingBackend
{
    private readonly SimulatedProducer _producer = new(config);

    public AttachMode AttachMode => AttachMode.Simulated;
    public RingView View => _producer.View;
    public int WaitFd => _producer.WakeupFd;
    public bool Simulated => true;
    public int PerfMapFd => -1;
    public IReadOnlyList<RingShard> Shards => [];
    public ProducerCounters ReadCounters() => _producer.ReadCounters();
    public BpfProgramRunTime? ReadProgramRunTime() => null;
    public void Trigger() => _producer.WriteBatch();
    public void LetProcessTrigger(int pid) =>
        throw new RingbenchException(ExitCode.Usage, "the simulated ring is fed in this process only: no other process can trigger it");
    public void Dispose() => _producer.Dispose();
}
