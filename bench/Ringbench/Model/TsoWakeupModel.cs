using System.Collections.Immutable;

namespace Ringbench.Model;

/// <summary>
/// An exhaustive model check of the ring's wake-up handshake under x86-TSO, for any
/// <see cref="ConsumerDesign"/>.
///
/// Two CPUs. Each has a FIFO store buffer: its stores wait there and reach memory one at a
/// time, whenever the machine chooses; its loads see its own newest buffered store first, else
/// memory. A locked instruction or a full fence (xchg, mfence, a lock acquisition) drains the
/// issuing CPU's buffer first. That is the whole of x86-TSO that matters here.
///
/// Positions count records. Record 0 is committed; record 1 is the producer's. The consumer
/// runs the design's call (ringbuf_process_ring's shape): load consumer_pos, then passes of
/// "load producer_pos, consume committed records up to it", with the design's store after each
/// record or per pass, its fences before reloading producer_pos, at a BUSY record and before
/// a bounded return; then epoll_wait. A bounded consumer (at most N records a call) calls again
/// until a call returns nothing, as the 2026 fix documents bounded consumers must.
/// The kernel producer (kernel/bpf/ringbuf.c of the tree ringbench builds the bench from,
/// bpf-progs/kernel-bench: __bpf_ringbuf_reserve and bpf_ringbuf_commit) reserves record 1
/// (producer_pos := 2, a release store at spin_unlock: buffered), commits it (xchg clears BUSY:
/// a full barrier), loads consumer_pos and wakes the consumer only if it equals the record's
/// position. epoll_wait takes ep->lock (draining the consumer's buffer); level-triggered then
/// polls the fd, which reports data if producer_pos &gt; consumer_pos in memory; edge-triggered
/// returns only for a wake-up since its last return.
///
/// The checker explores every interleaving of program steps and buffer drains and reports a
/// final state in which the consumer sleeps while record 1 sits committed and unconsumed, with
/// the steps that led there.
/// </summary>
public static class TsoWakeupModel
{
    public enum Trigger { Level, Edge }

    public sealed record Verdict(ConsumerDesign Design, int? Bound, int StatesExplored, int FinalStates, IReadOnlyList<string>? LostWakeupTrace)
    {
        public bool CanLoseWakeup => LostWakeupTrace is not null;
    }

    private const string ConsumerPos = "consumer_pos", ProducerPos = "producer_pos", Busy1 = "busy(rec1)";

    private enum C { Start, Fence, LoadProducer, LoadHeader, Consume, AtBusy, EndOfPass, AtBound, Return, Wait, Asleep }

    private sealed record State(
        C Pc, int ProducerPc,
        ImmutableList<(string Var, int Value)> ConsumerBuffer,
        ImmutableList<(string Var, int Value)> ProducerBuffer,
        ImmutableDictionary<string, int> Memory,
        int Cons, int SeenProducer, int Count, bool Progressed, bool Unfenced, bool Reread, bool PassUnpublished,
        C AfterFence, bool HeaderCommitted, int SeenConsumer, bool ConsumedRecord1, bool EdgePending)
    {
        public string Key => $"{Pc}|{ProducerPc}|{string.Join(",", ConsumerBuffer)}|{string.Join(",", ProducerBuffer)}|" +
                             $"{string.Join(",", Memory.OrderBy(kv => kv.Key))}|{Cons}|{SeenProducer}|{Count}|{Progressed}|{Unfenced}|" +
                             $"{Reread}|{PassUnpublished}|{AfterFence}|{HeaderCommitted}|{SeenConsumer}|{ConsumedRecord1}|{EdgePending}";
    }

    // Producer program counter: 0 reserve, 1 commit, 2 load consumer_pos, 3 maybe wake, 4 done.
    private const int ProducerDone = 4;

    /// <summary>Every interleaving of <paramref name="design"/>'s consumer, unbounded or with at most <paramref name="bound"/> records a call.</summary>
    public static Verdict Check(ConsumerDesign design, int? bound = null)
    {
        var initial = new State(C.Start, 0, [], [],
            ImmutableDictionary<string, int>.Empty.Add(ConsumerPos, 0).Add(ProducerPos, 1).Add(Busy1, 1),
            0, -1, 0, false, false, false, false, C.Start, false, -1, false, false);
        var seen = new HashSet<string>();
        var stack = new Stack<(State State, ImmutableList<string> Trace)>();
        stack.Push((initial, ImmutableList<string>.Empty));
        int finals = 0;
        IReadOnlyList<string>? lost = null;
        while (stack.Count > 0)
        {
            var (state, trace) = stack.Pop();
            if (!seen.Add(state.Key))
                continue;
            var next = Successors(state, design, bound).ToList();
            if (next.Count == 0)
            {
                finals++;
                bool committed = state.Memory[Busy1] == 0 && state.Memory[ProducerPos] == 2;
                if (state.Pc == C.Asleep && !state.ConsumedRecord1 && committed && (lost is null || trace.Count < lost.Count - 1))
                    lost = trace.Add("final: the consumer sleeps in epoll_wait; record 1 is committed and unconsumed; nothing will wake it");
            }
            foreach (var (successor, step) in next)
                stack.Push((successor, trace.Add(step)));
        }
        return new Verdict(design, bound, seen.Count, finals, lost);
    }

    private static int Load(ImmutableList<(string Var, int Value)> buffer, ImmutableDictionary<string, int> memory, string variable)
    {
        for (int i = buffer.Count - 1; i >= 0; i--)
        {
            if (buffer[i].Var == variable)
                return buffer[i].Value;
        }
        return memory[variable];
    }

    private static ImmutableDictionary<string, int> Drain(ImmutableDictionary<string, int> memory, ImmutableList<(string Var, int Value)> buffer) =>
        buffer.Aggregate(memory, (m, w) => m.SetItem(w.Var, w.Value));

    private static IEnumerable<(State, string)> Successors(State s, ConsumerDesign design, int? bound)
    {
        // The machine drains the oldest buffered store of either CPU at any moment.
        if (!s.ConsumerBuffer.IsEmpty)
        {
            var w = s.ConsumerBuffer[0];
            yield return (s with { ConsumerBuffer = s.ConsumerBuffer.RemoveAt(0), Memory = s.Memory.SetItem(w.Var, w.Value) },
                $"consumer's store buffer drains {w.Var} = {w.Value} to memory");
        }
        if (!s.ProducerBuffer.IsEmpty)
        {
            var w = s.ProducerBuffer[0];
            yield return (s with { ProducerBuffer = s.ProducerBuffer.RemoveAt(0), Memory = s.Memory.SetItem(w.Var, w.Value) },
                $"producer's store buffer drains {w.Var} = {w.Value} to memory");
        }
        if (ConsumerStep(s, design, bound) is { } c)
            yield return c;
        if (ProducerStep(s) is { } p)
            yield return p;
    }

    /// <summary>A full fence (or the drain a locked instruction does): the consumer's buffer reaches memory.</summary>
    private static State Fenced(State s) => s with { ConsumerBuffer = [], Memory = Drain(s.Memory, s.ConsumerBuffer), Unfenced = false };

    private static State Published(State s, RecordStore store) => store switch
    {
        RecordStore.SeqCst => Fenced(s) with { Memory = Drain(s.Memory, s.ConsumerBuffer).SetItem(ConsumerPos, s.Cons) },
        _ => s with { ConsumerBuffer = s.ConsumerBuffer.Add((ConsumerPos, s.Cons)), Unfenced = true },
    };

    /// <summary>Where the consumer goes to load producer_pos again: through the design's fence when it owes one.</summary>
    private static State ToReload(State s, ConsumerDesign d) =>
        d.FenceBeforeReload && s.Unfenced ? s with { Pc = C.Fence, AfterFence = C.LoadProducer } : s with { Pc = C.LoadProducer };

    private static (State, string)? ConsumerStep(State s, ConsumerDesign d, int? bound)
    {
        switch (s.Pc)
        {
            case C.Start:
            {
                int cons = Load(s.ConsumerBuffer, s.Memory, ConsumerPos);
                return (ToReload(s with { Cons = cons, Count = 0, Progressed = false, Reread = false, PassUnpublished = false }, d),
                    $"consumer: call: load consumer_pos -> {cons}");
            }
            case C.Fence:
                return (Fenced(s) with { Pc = s.AfterFence }, "consumer: full fence (drains its store buffer)");
            case C.LoadProducer:
            {
                int p = Load(s.ConsumerBuffer, s.Memory, ProducerPos);
                var loaded = s with { SeenProducer = p };
                return (s.Cons < p ? loaded with { Pc = C.LoadHeader } : loaded with { Pc = C.EndOfPass }, $"consumer: load producer_pos -> {p}");
            }
            case C.LoadHeader:
            {
                bool committed = s.Cons == 0 || Load(s.ConsumerBuffer, s.Memory, Busy1) == 0;
                return (s with { Pc = committed ? C.Consume : C.AtBusy, HeaderCommitted = committed },
                    $"consumer: load header of record {s.Cons} -> {(committed ? "committed" : "BUSY")}");
            }
            case C.Consume:
            {
                var consumed = s with { Cons = s.Cons + 1, Count = s.Count + 1, Progressed = true, Reread = false, ConsumedRecord1 = s.ConsumedRecord1 || s.Cons == 1 };
                string what = $"consumer: consumes record {s.Cons}";
                bool atBound = bound is { } limit && consumed.Count >= limit;
                // libbpf's callback bail-out path has a release store of its own.
                RecordStore store = atBound && d.ReleaseAtCallbackReturn ? RecordStore.Release : d.PerRecord;
                if (store == RecordStore.None)
                    consumed = consumed with { PassUnpublished = true };
                else
                {
                    consumed = Published(consumed, store);
                    what += store == RecordStore.SeqCst
                        ? $"; seq_cst store consumer_pos = {consumed.Cons} (xchg: drains the buffer)"
                        : $"; release store consumer_pos = {consumed.Cons} (a plain mov: it waits in the store buffer)";
                }
                C next = atBound ? C.AtBound : consumed.Cons < consumed.SeenProducer ? C.LoadHeader : C.EndOfPass;
                return (consumed with { Pc = next }, what);
            }
            case C.AtBusy when d.StoreAtEndOfPass && d.PublishAtBusyRecord && s.PassUnpublished:
                return (Published(s, RecordStore.Release) with { PassUnpublished = false },
                    $"consumer: at the BUSY record, release store consumer_pos = {s.Cons} for the pass (buffered)");
            case C.AtBusy when d.AtBusyRecord == BusyRecord.FenceThenReturn && s.Unfenced:
                return (s with { Pc = C.Fence, AfterFence = C.Return }, "consumer: BUSY record: fence before returning");
            case C.AtBusy when d.AtBusyRecord == BusyRecord.FenceThenReread && s.Unfenced && !s.Reread:
                return (s with { Pc = C.Fence, AfterFence = C.LoadHeader, Reread = true }, "consumer: BUSY record: fence, then read the header once more");
            case C.AtBusy:
                return (s with { Pc = C.Return }, "consumer: BUSY record: returns");
            case C.EndOfPass when d.StoreAtEndOfPass && s.PassUnpublished:
                return (Published(s, RecordStore.Release) with { PassUnpublished = false },
                    $"consumer: end of pass: release store consumer_pos = {s.Cons} (buffered)");
            case C.EndOfPass when s.Progressed:
                return (ToReload(s with { Progressed = false }, d), "consumer: the pass consumed something: looks at producer_pos again");
            case C.EndOfPass:
                return (s with { Pc = C.Return }, "consumer: nothing new: returns");
            case C.AtBound when d.StoreAtEndOfPass && s.PassUnpublished:
                return (Published(s, RecordStore.Release) with { PassUnpublished = false },
                    $"consumer: bound reached: release store consumer_pos = {s.Cons} (buffered)");
            case C.AtBound when d.FenceBeforeBoundReturn && s.Unfenced:
                return (s with { Pc = C.Fence, AfterFence = C.Return }, "consumer: bound reached: fence before returning");
            case C.AtBound:
                return (s with { Pc = C.Return }, "consumer: bound reached: returns");
            case C.Return when bound is not null && s.Count > 0:
                return (s with { Pc = C.Start }, $"consumer: the call returned {s.Count}: calls again before waiting");
            case C.Return:
                return (s with { Pc = C.Wait }, "consumer: goes to epoll_wait");
            case C.Wait:
            {
                // epoll_wait takes ep->lock: a locked instruction, so the consumer's buffer drains first.
                var drained = Fenced(s);
                bool dataReady = drained.Memory[ProducerPos] > drained.Memory[ConsumerPos];
                if (d.Trigger == Trigger.Level && dataReady)
                    return (drained with { Pc = C.Start, EdgePending = false }, "consumer: epoll_wait (level) polls the fd: data pending, returns at once");
                if (drained.EdgePending)
                    return (drained with { Pc = C.Start, EdgePending = false }, "consumer: epoll_wait returns for the pending wake-up");
                return (drained with { Pc = C.Asleep },
                    d.Trigger == Trigger.Level ? "consumer: epoll_wait (level) polls: nothing pending, sleeps" : "consumer: epoll_wait (edge): no new wake-up, sleeps");
            }
            case C.Asleep when s.EdgePending:
                return (s with { Pc = C.Start, EdgePending = false }, "consumer: woken");
            default:
                return null;
        }
    }

    private static (State, string)? ProducerStep(State s)
    {
        switch (s.ProducerPc)
        {
            case 0:
                return (s with { ProducerPc = 1, ProducerBuffer = s.ProducerBuffer.Add((ProducerPos, 2)) },
                    "producer: reserve record 1 (BUSY): producer_pos = 2 (released at spin_unlock: in the store buffer)");
            case 1:
                return (s with { ProducerPc = 2, Memory = Drain(s.Memory, s.ProducerBuffer).SetItem(Busy1, 0), ProducerBuffer = [] },
                    "producer: commit: xchg clears BUSY of record 1 (drains its buffer: producer_pos = 2 now in memory)");
            case 2:
                int c = Load(s.ProducerBuffer, s.Memory, ConsumerPos);
                return (s with { ProducerPc = 3, SeenConsumer = c }, $"producer: load consumer_pos -> {c}");
            case 3 when s.SeenConsumer == 1:
                return (s with { ProducerPc = ProducerDone, EdgePending = true }, "producer: consumer_pos == 1, the record's position: wakes the consumer");
            case 3:
                return (s with { ProducerPc = ProducerDone },
                    $"producer: consumer_pos {s.SeenConsumer} != 1: the consumer is presumably busy, no wake-up");
            default:
                return null;
        }
    }
}
