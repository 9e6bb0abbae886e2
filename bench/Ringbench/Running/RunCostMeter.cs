using System.Diagnostics;
using Ringbench.Kernel;
using Ringbench.Results;

namespace Ringbench.Running;

/// <summary>
/// Reads the run's cost counters when the producers start and when they stop: the BPF
/// program's run time (where statistics are on) and the wake-up interrupts on the producers'
/// and the consumer's CPUs. Outside the hot loop: the sampling thread, twice a run.
/// </summary>
internal sealed class RunCostMeter(IRingBackend backend, CpuAffinity affinity)
{
    private readonly Stopwatch _clock = new();
    private BpfProgramRunTime? _bpfStart, _bpfEnd;
    private InterruptCounts? _irqStart, _irqEnd;
    private string? _irqMissing;

    public void Start()
    {
        _bpfStart = backend.ReadProgramRunTime();
        _irqStart = InterruptCounts.Read(out _irqMissing);
        _clock.Restart();
    }

    public void Stop()
    {
        _clock.Stop();
        _bpfEnd = backend.ReadProgramRunTime();
        _irqEnd = InterruptCounts.Read(out string? missing);
        _irqMissing ??= missing;
    }

    public RunCosts Result(long records, long wakeups, ThreadUsage producers, ThreadUsage consumer, string? bpfMissing)
    {
        BpfProgramRunTime? bpf = _bpfStart is BpfProgramRunTime a && _bpfEnd is BpfProgramRunTime b ? b - a : null;
        // Unpinned threads may run on any CPU: their interrupts are then the whole machine's.
        IReadOnlyCollection<int>? producerCpus = affinity.ProducerCpus.Any(c => c is null) ? null : affinity.ProducerCpus.Select(c => c!.Value).Distinct().ToList();
        IReadOnlyCollection<int>? consumerCpus = affinity.ConsumerCpu is int cpu ? new[] { cpu } : null;
        var irq = _irqStart is not null && _irqEnd is not null ? _irqEnd - _irqStart : null;
        var onProducers = irq?.On(producerCpus);
        var onConsumer = irq?.On(consumerCpus);
        bpfMissing ??= bpf is null ? "BPF run-time statistics not available: the program's info could not be read" : null;
        return new RunCosts
        {
            Records = records,
            Seconds = _clock.Elapsed.TotalSeconds,
            BpfRunTimeNs = bpf?.Nanoseconds ?? -1,
            BpfRuns = bpf?.Runs ?? -1,
            ProducerCpuSeconds = producers.UserSeconds + producers.SystemSeconds,
            ConsumerCpuSeconds = consumer.UserSeconds + consumer.SystemSeconds,
            ConsumerVoluntarySwitches = consumer.VoluntarySwitches,
            ConsumerInvoluntarySwitches = consumer.InvoluntarySwitches,
            Wakeups = wakeups,
            ProducerIrqWork = onProducers?.IrqWork ?? -1,
            ProducerRescheduling = onProducers?.Rescheduling ?? -1,
            ConsumerIrqWork = onConsumer?.IrqWork ?? -1,
            ConsumerRescheduling = onConsumer?.Rescheduling ?? -1,
            Unavailable = string.Join("; ", new[] { bpfMissing, _irqMissing }.Where(w => w is not null)),
        };
    }
}
