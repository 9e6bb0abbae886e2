using System.Collections.Immutable;

namespace Ringbench.Model;

/// <summary>
/// An exhaustive model check of the ring's wake-up handshake under x86-TSO.
///
/// Two CPUs. Each has a FIFO store buffer: its stores wait there and reach memory one at a
/// time, whenever the machine chooses; its loads see its own newest buffered store first, else
/// memory. A locked instruction (xchg, a lock acquisition) drains the issuing CPU's buffer
/// first. That is the whole of x86-TSO that matters here.
///
/// The consumer has consumed the record at position 0 (positions count records) and runs
/// libbpf's steps: store consumer_pos := 1 (the variant's store), load producer_pos, consume
/// if there is a committed record, else wait in epoll. The kernel producer reserves record 1
/// (producer_pos := 2, released at spin_unlock), commits it (xchg clears BUSY: a full
/// barrier), loads consumer_pos and wakes the consumer only if it equals the record's position.
/// epoll_wait takes the epoll lock (draining the consumer's buffer); level-triggered then
/// polls the fd, which reports data if producer_pos &gt; consumer_pos; edge-triggered only
/// returns for a wake-up that happened since the last return.
///
/// The checker explores every interleaving of program steps and buffer drains and reports
/// any final state in which the consumer sleeps while record 1 sits committed in the ring.
/// </summary>
public static class TsoWakeupModel
{
    public enum Store { Release, SeqCst }

    public enum Trigger { Level, Edge }

    public sealed record Verdict(Store Store, Trigger Trigger, int StatesExplored, int FinalStates, IReadOnlyList<string>? LostWakeupTrace)
    {
        public bool CanLoseWakeup => LostWakeupTrace is not null;
    }

    private const string ConsumerPos = "consumer_pos";
    private const string ProducerPos = "producer_pos";
    private const string Busy = "busy(rec1)";

    private sealed record State(
        int ConsumerPc, int ProducerPc,
        ImmutableList<(string Var, int Value)> ConsumerBuffer,
        ImmutableList<(string Var, int Value)> ProducerBuffer,
        ImmutableDictionary<string, int> Memory,
        int SeenProducerPos, int SeenConsumerPos,
        bool Consumed, bool Asleep, bool EdgePending)
    {
        public string Key => $"{ConsumerPc}|{ProducerPc}|{string.Join(",", ConsumerBuffer)}|{string.Join(",", ProducerBuffer)}|" +
                             $"{string.Join(",", Memory.OrderBy(kv => kv.Key))}|{SeenProducerPos}|{SeenConsumerPos}|{Consumed}|{Asleep}|{EdgePending}";
    }

    // Consumer program counter: 0 store consumer_pos, 1 load producer_pos, 2 decide,
    // 3 epoll_wait (lock, then poll or edge check), 4 asleep, 5 done (consumed record 1).
    // Producer program counter: 0 reserve (producer_pos := 2 into its buffer), 1 commit
    // (xchg BUSY := 0, draining its buffer), 2 load consumer_pos, 3 maybe wake, 4 done.
    private const int ConsumerDone = 5, ProducerDone = 4;

    public static Verdict Check(Store store, Trigger trigger)
    {
        var initial = new State(0, 0, [], [],
            ImmutableDictionary<string, int>.Empty.Add(ConsumerPos, 0).Add(ProducerPos, 1).Add(Busy, 1),
            -1, -1, false, false, false);
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
            var next = Successors(state, store, trigger).ToList();
            if (next.Count == 0)
            {
                finals++;
                bool committed = state.Memory[Busy] == 0 && state.Memory[ProducerPos] == 2;
                if (state.Asleep && !state.Consumed && committed && lost is null)
                    lost = trace.Add("final: the consumer sleeps in epoll_wait; record 1 is committed and unconsumed; nothing will wake it");
            }
            foreach (var (successor, step) in next)
                stack.Push((successor, trace.Add(step)));
        }
        return new Verdict(store, trigger, seen.Count, finals, lost);
    }

    private static int Load(State s, bool consumer, string variable)
    {
        var buffer = consumer ? s.ConsumerBuffer : s.ProducerBuffer;
        for (int i = buffer.Count - 1; i >= 0; i--)
        {
            if (buffer[i].Var == variable)
                return buffer[i].Value;
        }
        return s.Memory[variable];
    }

    private static ImmutableDictionary<string, int> Drain(ImmutableDictionary<string, int> memory, ImmutableList<(string Var, int Value)> buffer) =>
        buffer.Aggregate(memory, (m, w) => m.SetItem(w.Var, w.Value));

    private static IEnumerable<(State, string)> Successors(State s, Store store, Trigger trigger)
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

        foreach (var step in ConsumerStep(s, store, trigger))
            yield return step;
        foreach (var step in ProducerStep(s))
            yield return step;
    }

    private static IEnumerable<(State, string)> ConsumerStep(State s, Store store, Trigger trigger)
    {
        switch (s.ConsumerPc)
        {
            case 0 when store == Store.Release:
                yield return (s with { ConsumerPc = 1, ConsumerBuffer = s.ConsumerBuffer.Add((ConsumerPos, 1)) },
                    "consumer: release store consumer_pos = 1 (a plain mov: it waits in the store buffer)");
                break;
            case 0:
                yield return (s with { ConsumerPc = 1, Memory = Drain(s.Memory, s.ConsumerBuffer).SetItem(ConsumerPos, 1), ConsumerBuffer = [] },
                    "consumer: seq_cst store consumer_pos = 1 (xchg: drains the buffer, writes memory)");
                break;
            case 1:
                int p = Load(s, consumer: true, ProducerPos);
                yield return (s with { ConsumerPc = 2, SeenProducerPos = p }, $"consumer: load producer_pos -> {p}");
                break;
            case 2 when s.SeenProducerPos > 1 && Load(s, true, Busy) == 0:
                yield return (s with { ConsumerPc = ConsumerDone, Consumed = true }, "consumer: record 1 is committed: consumes it");
                break;
            case 2:
                yield return (s with { ConsumerPc = 3 },
                    s.SeenProducerPos > 1 ? "consumer: record 1 is still BUSY: goes to epoll_wait" : "consumer: nothing new: goes to epoll_wait");
                break;
            case 3:
            {
                // epoll_wait takes ep->lock: a locked instruction, so the consumer's buffer drains first.
                var memory = Drain(s.Memory, s.ConsumerBuffer);
                var drained = s with { ConsumerBuffer = [], Memory = memory };
                bool dataReady = memory[ProducerPos] > memory[ConsumerPos];
                if (trigger == Trigger.Level && dataReady)
                    yield return (drained with { ConsumerPc = 1 }, "consumer: epoll_wait (level) polls the fd: data pending, returns at once; drains again");
                else if (drained.EdgePending)
                    yield return (drained with { ConsumerPc = 1, EdgePending = false }, "consumer: epoll_wait returns for the pending wake-up; drains again");
                else
                    yield return (drained with { ConsumerPc = 4, Asleep = true },
                        trigger == Trigger.Level ? "consumer: epoll_wait (level) polls: nothing pending, sleeps" : "consumer: epoll_wait (edge): no new wake-up, sleeps");
                break;
            }
            case 4 when s.EdgePending:
                yield return (s with { ConsumerPc = 1, Asleep = false, EdgePending = false }, "consumer: woken; drains again");
                break;
        }
    }

    private static IEnumerable<(State, string)> ProducerStep(State s)
    {
        switch (s.ProducerPc)
        {
            case 0:
                yield return (s with { ProducerPc = 1, ProducerBuffer = s.ProducerBuffer.Add((ProducerPos, 2)) },
                    "producer: reserve record 1: producer_pos = 2 (released at spin_unlock: in the store buffer)");
                break;
            case 1:
                yield return (s with { ProducerPc = 2, Memory = Drain(s.Memory, s.ProducerBuffer).SetItem(Busy, 0), ProducerBuffer = [] },
                    "producer: commit: xchg clears BUSY of record 1 (drains its buffer: producer_pos = 2 now in memory)");
                break;
            case 2:
                int c = Load(s, consumer: false, ConsumerPos);
                yield return (s with { ProducerPc = 3, SeenConsumerPos = c }, $"producer: load consumer_pos -> {c}");
                break;
            case 3 when s.SeenConsumerPos == 1:
                yield return (s with { ProducerPc = ProducerDone, EdgePending = true }, "producer: consumer_pos == 1, the record's position: wakes the consumer");
                break;
            case 3:
                yield return (s with { ProducerPc = ProducerDone },
                    $"producer: consumer_pos {s.SeenConsumerPos} != 1: the consumer is presumably busy, no wake-up");
                break;
        }
    }
}
