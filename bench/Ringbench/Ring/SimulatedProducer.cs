using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// The kernel's producer side of the ring, in user space, for --backend sim and for tests
/// without BPF privileges. Each step is the kernel's (kernel/bpf/ringbuf.c):
/// reserve under a lock, reading consumer_pos with acquire and publishing producer_pos with
/// release after the BUSY header; write the payload; commit by clearing BUSY with an
/// exchange (a full barrier); then read consumer_pos (acquire) and wake the consumer only under
/// the kernel's rule. The wake-up is a write to an eventfd, standing in for irq_work waking
/// the map's wait queue. Drops, batches and attempts are counted like the BPF program's.
/// </summary>
public sealed unsafe class SimulatedProducer : IDisposable
{
    private const uint PayloadSize = 8;
    private readonly InMemoryRing _ring;
    private readonly FileDescriptorHandle _wakeups;
    private readonly ProducerConfig _config;
    private readonly Lock _reservation = new(); // the kernel's rb->spinlock
    private long _triggers, _attempted, _dropped, _wakeupsSent;

    public SimulatedProducer(ProducerConfig config)
    {
        _config = config;
        _ring = new InMemoryRing(config.RingSizeBytes);
        int fd = LibC.eventfd(0, LibC.EfdNonblock | LibC.EfdCloexec);
        if (fd < 0)
            throw new RingbenchException(ExitCode.Environment, $"eventfd failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        _wakeups = new FileDescriptorHandle(fd);
    }

    public RingView View => _ring.View;

    /// <summary>The fd a consumer waits on: readable after each wake-up.</summary>
    public int WakeupFd => _wakeups.Fd;

    public long WakeupsSent => Volatile.Read(ref _wakeupsSent);

    public ProducerCounters ReadCounters() =>
        new(Volatile.Read(ref _triggers), Volatile.Read(ref _attempted), Volatile.Read(ref _dropped));

    /// <summary>One trigger: batch_cnt records, as one run of the BPF program.</summary>
    public void WriteBatch()
    {
        Interlocked.Increment(ref _triggers);
        Interlocked.Add(ref _attempted, _config.BatchCount);
        for (uint i = 0; i < _config.BatchCount; i++)
        {
            ulong? position;
            lock (_reservation)
                position = _ring.Reserve(PayloadSize);
            if (position is null)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }
            *(long*)(_ring.View.Data + (position.Value & _ring.View.Mask) + RecordHeader.Size) =
                _config.StampEvery > 0 && i % _config.StampEvery == 0 ? System.Diagnostics.Stopwatch.GetTimestamp() : ProducerConfig.UnstampedPayload;
            Submit(position.Value, CommitFlags());
        }
    }

    private enum Flags { Default, NoWakeup, ForceWakeup }

    /// <summary>The BPF program's choice of flags, made before the commit as it is there.</summary>
    private Flags CommitFlags()
    {
        switch (_config.Notify)
        {
            case NotifyMode.Default:
                return Flags.Default;
            case NotifyMode.Never:
                return Flags.NoWakeup;
            case NotifyMode.Every:
                // bpf_ringbuf_query(BPF_RB_PROD_POS) / record span: the BPF program's way to count records.
                ulong records = Volatile.Read(ref *_ring.View.ProducerPosition) / (ulong)(RecordHeader.Size + PayloadSize);
                return records % _config.WakeupEvery == 0 ? Flags.ForceWakeup : Flags.NoWakeup;
            default:
                // bpf_ringbuf_query(BPF_RB_AVAIL_DATA): producer_pos - consumer_pos, both read with acquire.
                ulong available = Volatile.Read(ref *_ring.View.ProducerPosition) - Volatile.Read(ref *_ring.View.ConsumerPosition);
                return available >= _config.WakeupDataSize ? Flags.ForceWakeup : Flags.NoWakeup;
        }
    }

    /// <summary>bpf_ringbuf_commit: clear BUSY with a full barrier, then decide whether to wake.</summary>
    private void Submit(ulong position, Flags flags)
    {
        _ring.Commit(position); // xchg: everything before it, the payload included, is visible first
        // Acquire: pairs with the consumer's store of consumer_pos. The full barrier above and
        // the consumer's (seq_cst) store are what make "one of us sees the other" hold.
        ulong consumer = Volatile.Read(ref *_ring.View.ConsumerPosition) & _ring.View.Mask;
        bool wake = flags == Flags.ForceWakeup
                    || (flags == Flags.Default && consumer == (position & _ring.View.Mask));
        if (wake)
            Wake();
    }

    private void Wake()
    {
        ulong one = 1;
        LibC.write(_wakeups.Fd, &one, sizeof(ulong));
        Interlocked.Increment(ref _wakeupsSent);
    }

    public void Dispose()
    {
        _wakeups.Dispose();
        _ring.Dispose();
    }
}
