using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Ringbench.Ring;

/// <summary>
/// Puts the sharded rings' streams back into one stream in time order, as a tracer that shards
/// must (falcosecurity/libs merges its per-ring streams by timestamp). Every record carries the
/// CLOCK_MONOTONIC time it was written (the producer stamps each one when the run merges). Each
/// shard's records wait in a queue of their own; a record leaves when no shard can still bring an
/// older one: its time is at or below every shard's bound, which is the newest time seen in that
/// shard, or, for a shard whose ring is empty, the time just before it was found empty (a record
/// reserved after that look is stamped after it). Within a shard records come in reserve order and
/// are stamped just after the reserve, so two producers on one CPU can still swap by nanoseconds:
/// those are counted (<see cref="ConsumerCounters.OutOfOrder"/>), never hidden. The cost of all
/// this is what a sharded run with the merge pays over the same run without.
/// </summary>
public sealed unsafe class TimeOrderMerge
{
    private readonly RingView[] _rings;
    private readonly long[][] _queues;
    private readonly int[] _head, _count;
    private readonly long[] _newest;
    private readonly int _mask;
    private long _lastEmitted = long.MinValue;

    /// <summary>Records a shard may hold back at most: more than a ring holds, so a queue never overflows before its ring would.</summary>
    public TimeOrderMerge(RingView[] rings)
    {
        _rings = rings;
        int capacity = (int)Math.Min(1 << 24, System.Numerics.BitOperations.RoundUpToPowerOf2(rings.Max(r => r.DataSize) / 16 * 2));
        _mask = capacity - 1;
        _queues = rings.Select(_ => new long[capacity]).ToArray();
        _head = new int[rings.Length];
        _count = new int[rings.Length];
        _newest = Enumerable.Repeat(long.MinValue, rings.Length).ToArray();
    }

    /// <summary>
    /// A record of shard <paramref name="shard"/>, in the order the shard gave it. A full queue
    /// lets its oldest record go at once: order may then break, and is counted where it does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int shard, long stamp, ref ConsumerCounters counters)
    {
        if (_count[shard] > _mask)
            EmitHead(shard, ref counters);
        _queues[shard][(_head[shard] + _count[shard]++) & _mask] = stamp;
        if (stamp > _newest[shard])
            _newest[shard] = stamp;
    }

    /// <summary>Emits, oldest first, every held record no shard can still precede; returns how many.</summary>
    public long Emit(ref ConsumerCounters counters, bool flush = false)
    {
        long watermark = flush ? long.MaxValue : Watermark();
        long emitted = 0;
        while (true)
        {
            int oldest = -1;
            long oldestStamp = long.MaxValue;
            for (int s = 0; s < _queues.Length; s++)
            {
                if (_count[s] > 0 && _queues[s][_head[s]] < oldestStamp)
                {
                    oldest = s;
                    oldestStamp = _queues[s][_head[s]];
                }
            }
            if (oldest < 0 || oldestStamp > watermark)
                break;
            EmitHead(oldest, ref counters);
            emitted++;
        }
        return emitted;
    }

    private void EmitHead(int shard, ref ConsumerCounters counters)
    {
        long stamp = _queues[shard][_head[shard]];
        _head[shard] = (_head[shard] + 1) & _mask;
        _count[shard]--;
        if (stamp < _lastEmitted)
            counters.OutOfOrder++;
        else
            _lastEmitted = stamp;
        counters.Merged++;
    }

    /// <summary>The oldest time any shard may still bring: per shard its newest time seen, or now for an empty ring.</summary>
    private long Watermark()
    {
        long watermark = long.MaxValue;
        for (int s = 0; s < _rings.Length; s++)
        {
            // Read the clock before looking at the ring: a record reserved after the look is
            // stamped after this time (the producer stamps after its reserve).
            long now = Stopwatch.GetTimestamp();
            // Acquire: pairs with the kernel's release of producer_pos at reserve; consumer_pos is ours.
            bool empty = Volatile.Read(ref *_rings[s].ProducerPosition) == *_rings[s].ConsumerPosition;
            long bound = empty ? now : _newest[s];
            if (bound < watermark)
                watermark = bound;
        }
        return watermark;
    }
}

/// <summary>The record sink that hands each record's stamp to the merge, as one shard's.</summary>
public readonly unsafe struct MergeSink(TimeOrderMerge merge, int shard, ConsumerCounters[] counters) : IRecordSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Consumed(byte* payload) => merge.Add(shard, *(long*)payload, ref counters[0]);
}

/// <summary>
/// The sharded rings read as <see cref="RingShardsReader{TStore}"/> reads them, each record then
/// put in time order. A wake-up of any shard drains them all: the merge can let a record go only
/// as far as every shard has been read, so a shard left unread (edge-triggered epoll reports only
/// new wake-ups) would hold back all the others.
/// </summary>
public readonly struct MergingShardsReader<TStore>(RingView[] rings, TimeOrderMerge merge, ConsumerCounters[] counters) : IRingSetReader
    where TStore : struct, IPublicationPolicy
{
    public int Count => rings.Length;

    public long Drain(int index, ref ConsumerCounters counts)
    {
        long consumed = 0;
        for (int shard = 0; shard < rings.Length; shard++)
        {
            var sink = new MergeSink(merge, shard, counters);
            consumed += RingDrain.DrainAvailable<TStore, MergeSink>(in rings[shard], ref counts.Records, ref sink);
        }
        merge.Emit(ref counts);
        return consumed;
    }

    /// <summary>After the producers stopped and the rings are drained: everything held, in order.</summary>
    public void Finish(ref ConsumerCounters counters) => merge.Emit(ref counters, flush: true);
}
