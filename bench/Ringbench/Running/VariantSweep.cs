using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>Runs one scenario against several variants, interleaved over trials, each run with a fresh load and attach.</summary>
public static class VariantSweep
{
    public static IReadOnlyList<VariantRun> Run(Scenario scenario, BenchSettings settings,
        IReadOnlyList<ConsumerVariant> variants, int trials, string? bpfObjectPath,
        Action<TrialSchedule.Slot, Sample>? onSample = null, CancellationToken cancel = default)
    {
        settings.Validate();
        foreach (ConsumerVariant variant in variants)
        {
            if (variant.Unsupported(settings) is string why)
                throw new RingbenchException(ExitCode.Usage, $"variant {variant.Name} {why}");
        }
        var runs = new List<VariantRun>();
        foreach (TrialSchedule.Slot slot in TrialSchedule.For(variants, trials))
        {
            VariantRun run = ScenarioRun.Execute(scenario, settings, slot.Variant, bpfObjectPath ?? BpfProducer.DefaultObjectPath,
                sample => onSample?.Invoke(slot, sample), cancel) with { Trial = slot.Trial, OrderPosition = slot.Position };
            runs.Add(run);
            if (run.Interrupted)
                break;
        }
        return runs;
    }
}
