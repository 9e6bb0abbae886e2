using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>Runs one scenario against several variants, one after another, each with a fresh load and attach.</summary>
public static class VariantSweep
{
    public static IReadOnlyList<VariantRun> Run(Scenario scenario, BenchSettings settings,
        IReadOnlyList<ConsumerVariant> variants, string? bpfObjectPath,
        Action<ConsumerVariant, Sample>? onSample = null, CancellationToken cancel = default)
    {
        settings.Validate();
        var runs = new List<VariantRun>();
        foreach (ConsumerVariant variant in variants)
        {
            VariantRun run = ScenarioRun.Execute(scenario, settings, variant, bpfObjectPath ?? BpfProducer.DefaultObjectPath,
                sample => onSample?.Invoke(variant, sample), cancel);
            runs.Add(run);
            if (run.Interrupted)
                break;
        }
        return runs;
    }
}
