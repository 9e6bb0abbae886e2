using Ringbench.Model;
using System.CommandLine;
using static Ringbench.Model.TsoWakeupModel;

namespace Ringbench.Cli;

/// <summary><c>ringbench model-check</c>: the wake-up handshake of every consumer design, checked exhaustively under x86-TSO.</summary>
internal static class ModelCheckCommand
{
    public static Command Build()
    {
        var command = new Command("model-check",
            "Explore every interleaving (and store-buffer drain) of each consumer design against the kernel's commit\n" +
            "under x86-TSO, unbounded and draining one record a call, and print the trace that loses a wake-up\n" +
            "where one exists. Designs: " + string.Join(", ", ConsumerDesigns.All.Select(d => d.Name)) + ".");
        command.SetAction(_ => Commands.Guard(() =>
        {
            foreach (ConsumerDesign design in ConsumerDesigns.All)
            {
                foreach (int? bound in new int?[] { null, 1 })
                {
                    Verdict v = Check(design, bound);
                    string name = design.Name + (bound is null ? "" : " bounded(1)");
                    Console.WriteLine($"{name,-28} {v.StatesExplored,5} states, {v.FinalStates,3} final: " +
                                      (v.CanLoseWakeup ? "CAN LOSE A WAKE-UP" : "never ends asleep with data in the ring"));
                    if (v.LostWakeupTrace is { } trace)
                    {
                        for (int i = 0; i < trace.Count; i++)
                            Console.WriteLine($"    {i + 1,2}. {trace[i]}");
                    }
                }
            }
            return 0;
        }));
        return command;
    }
}
