using System.Diagnostics;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>
/// Runs one scenario against one consumer variant: open the ring backend (on the kernel: load
/// and attach the BPF producer, map the ring), start the consumer and producer threads, take one sample a
/// second for warm-up + duration seconds, stop, drain, check the accounting, tear down.
/// </summary>
public static class ScenarioRun
{
    public static VariantRun Execute(Scenario scenario, BenchSettings settings, ConsumerVariant variant,
        string bpfObjectPath, Action<Sample>? onSample = null, CancellationToken cancel = default, bool recordStalls = false)
    {
        // The variant's strategy may change the producer's side (a timed poll turns wake-ups off);
        // the run records the settings it really ran with.
        settings = variant.ProducerSide(settings).Validate();
        // Before any variant starts, whether it runs here or in a process of its own (the kernel
        // bench, a reader): the spinners hold every CPU, not this process's threads.
        using BusyNeighbours awake = BusyNeighbours.KeepCpusAwake(settings);
        if (variant.RunsItself is { } runsItself)
            return runsItself(variant, scenario, settings, onSample, cancel);
        DateTimeOffset startedAt = DateTimeOffset.Now;
        var setupClock = Stopwatch.StartNew();

        using IRingBackend producer = IRingBackend.Open(settings, bpfObjectPath);
        ConsumerCounters[] counters = ConsumerSetup.NewCounters();
        Action trigger = producer.Trigger;
        LatencyRecorder? latency = settings.LatencySampleEvery > 0 ? new LatencyRecorder { Measuring = settings.WarmupSeconds == 0 } : null;
        CpuAffinity affinity = CpuAffinity.Plan(settings, settings.Producers, Environment.ProcessorCount);
        var setup = new ConsumerSetup(producer.View, producer.WaitFd, counters, settings.WaitTimeoutMs, settings.BackToBack)
        {
            Trigger = trigger,
            Simulated = producer.Simulated,
            Latency = latency,
            Stalls = recordStalls ? new StallRecorder(producer.View) : null,
            Shards = producer.Shards,
            Perf = settings.Buffer == EventBuffer.Perf ? new PerfBufferSetup(producer.PerfMapFd, settings.PerfBufferPages, settings.PerfWakeupEvents) : null,
            ConsumerCpu = affinity.ConsumerCpu,
            BatchCount = settings.BatchCount,
            RecordBound = settings.ConsumerBound,
            LetProcessTrigger = producer.LetProcessTrigger,
        };
        using IRingConsumer consumer = variant.Create(setup);

        // The why behind the numbers (RunCosts): the kernel's BPF run-time statistics, on for this
        // run only (an fd; see BpfRunStats), and the interrupts a wake-up causes, both read around
        // the time the producers run.
        using BpfRunStats? runStats = producer.Simulated ? null : BpfRunStats.Enable();
        var costs = new RunCostMeter(producer, affinity);

        // Before the consumer starts: in back-to-back mode a consumer that does not sleep first
        // (the ceiling, a busy poll) triggers batches at once, and those must count as produced.
        ProducerCounters producerStart = producer.ReadCounters();
        costs.Start();
        using BusyNeighbours neighbours = BusyNeighbours.Start(settings);
        var consumerThread = new ConsumerThread(consumer, affinity.ConsumerCpu);
        ProducerThreads producers = ProducerThreads.Start(affinity.ProducerCpus, settings.BackToBack, trigger, settings.PaceMicroseconds);
        producers.Release();
        double setupSeconds = setupClock.Elapsed.TotalSeconds;

        var samples = new List<Sample>(settings.WarmupSeconds + settings.DurationSeconds);
        bool interrupted = false;
        long stallsWhileProducing = 0;
        int stallStatesWhileProducing = 0;
        try
        {
            interrupted = !TakeSamples(settings, producer, consumer, counters, producerStart, samples, onSample, cancel,
                measuring: () => { if (latency is not null) latency.Measuring = true; consumer.MeasuringStarts(); });
        }
        finally
        {
            producers.StopAndJoin();
            costs.Stop();
            // Stalls count while producers run. The wait in progress when they stop may run to its
            // timeout with records left that no commit will announce (with sampled notification the
            // last batches stay under the wake-up threshold by design): that is the end of the run,
            // not a lost wake-up, and it was counted as one before (the single stalls of
            // parallel-sampled, seen with every variant, level-triggered ones included).
            stallsWhileProducing = ConsumerCounters.Snapshot(ref counters[0]).Stalls;
            stallStatesWhileProducing = setup.Stalls?.Stalls.Count ?? 0;
            consumer.RequestStop();
            consumerThread.Join();
        }

        var teardownClock = Stopwatch.StartNew();
        consumer.DrainRemaining();
        ProducerCounters producerTotal = producer.ReadCounters() - producerStart;
        ConsumerCounters consumerTotal = ConsumerCounters.Snapshot(ref counters[0]);
        var integrity = new Integrity(producerTotal.Attempted, consumerTotal.Records, producerTotal.Dropped);
        AttachMode attachMode = producer.AttachMode;
        double teardownSeconds = teardownClock.Elapsed.TotalSeconds; // disposal follows; measured by the caller's clock too

        return new VariantRun(scenario, variant.Name, settings, attachMode, samples, integrity,
            stallsWhileProducing, consumerTotal.Wakeups, consumerThread.UserSeconds, consumerThread.SystemSeconds,
            startedAt, setupSeconds, teardownSeconds, interrupted)
        {
            Costs = costs.Result(producerTotal.Attempted, consumerTotal.Wakeups, producers.Usage, consumerThread.Usage,
                runStats?.Unavailable ?? (producer.Simulated ? "simulated ring: no BPF program" : null)),
            Latency = latency is null ? null : LatencyStatistics.Of(latency.Samples, latency.Negative),
            Traits = variant.Traits,
            LostReported = consumerTotal.LostReported,
            Merged = consumerTotal.Merged,
            OutOfOrder = consumerTotal.OutOfOrder,
            StallStates = setup.Stalls?.Stalls.Take(stallStatesWhileProducing).ToList(),
        };
    }

    /// <summary>One sample per second until warm-up + duration; false if cancelled first.</summary>
    private static bool TakeSamples(BenchSettings settings, IRingBackend producer, IRingConsumer consumer, ConsumerCounters[] counters,
        ProducerCounters producerStart, List<Sample> samples, Action<Sample>? onSample, CancellationToken cancel, Action measuring)
    {
        int total = settings.WarmupSeconds + settings.DurationSeconds;
        var clock = Stopwatch.StartNew();
        consumer.BeforeSample();
        ConsumerCounters previousConsumer = ConsumerCounters.Snapshot(ref counters[0]);
        ProducerCounters previousProducer = producerStart;
        TimeSpan previousTime = TimeSpan.Zero;
        for (int i = 0; i < total; i++)
        {
            // Halfway through each second, a look at the records consumed alone: the two halves of a
            // second are what tells a run's own second-to-second spread even when a run measures a
            // single second (-d1), and that spread is what the run-length check weighs against the
            // spread between runs (Analysis/RunLength.cs). Outside the hot loop: the sampler's thread.
            if (!SleepUntil(clock, TimeSpan.FromSeconds(i + 0.5), cancel))
                return false;
            consumer.BeforeSample();
            TimeSpan half = clock.Elapsed;
            long halfRecords = ConsumerCounters.Snapshot(ref counters[0]).Records;
            // Sleep to the next whole second of the run, so sampling does not drift.
            if (!SleepUntil(clock, TimeSpan.FromSeconds(i + 1), cancel))
                return false;

            consumer.BeforeSample();
            TimeSpan now = clock.Elapsed;
            ConsumerCounters consumerNow = ConsumerCounters.Snapshot(ref counters[0]);
            ProducerCounters producerNow = producer.ReadCounters();
            var sample = new Sample(
                Index: i,
                IsWarmup: i < settings.WarmupSeconds,
                ElapsedSeconds: (now - previousTime).TotalSeconds,
                Records: consumerNow.Records - previousConsumer.Records,
                Drops: producerNow.Dropped - previousProducer.Dropped,
                Triggers: producerNow.Triggers - previousProducer.Triggers,
                Waits: consumerNow.Waits - previousConsumer.Waits,
                Wakeups: consumerNow.Wakeups - previousConsumer.Wakeups,
                EmptyWakeups: consumerNow.EmptyWakeups - previousConsumer.EmptyWakeups,
                Timeouts: consumerNow.Timeouts - previousConsumer.Timeouts,
                Stalls: consumerNow.Stalls - previousConsumer.Stalls,
                Polls: consumerNow.Polls - previousConsumer.Polls)
            {
                FirstHalfRecords = halfRecords - previousConsumer.Records,
                FirstHalfSeconds = (half - previousTime).TotalSeconds,
            };
            samples.Add(sample);
            onSample?.Invoke(sample);
            if (i + 1 == settings.WarmupSeconds)
                measuring(); // the warm-up is over: latency samples count from the next second on
            previousConsumer = consumerNow;
            previousProducer = producerNow;
            previousTime = now;
        }
        return true;
    }

    /// <summary>Sleeps until the run's clock reads <paramref name="at"/>; false if cancelled first.</summary>
    private static bool SleepUntil(Stopwatch clock, TimeSpan at, CancellationToken cancel)
    {
        TimeSpan wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero && cancel.WaitHandle.WaitOne(wait))
            return false;
        return !cancel.IsCancellationRequested;
    }
}
