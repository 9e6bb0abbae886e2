using System.CommandLine;
using static Ringbench.Model.TsoWakeupModel;

namespace Ringbench.Cli;

/// <summary><c>ringbench model-check</c>: the wake-up handshake of every variant, checked exhaustively under x86-TSO.</summary>
internal static class ModelCheckCommand
{
    public static Command Build()
    {
        var command = new Command("model-check",
            "Explore every interleaving (and store-buffer drain) of the consumer's consumer_pos store and the kernel's\n" +
            "commit under x86-TSO, for each store x epoll trigger, and print the trace that loses a wake-up where one exists.");
        command.SetAction(_ => Commands.Guard(() =>
        {
            foreach (Trigger trigger in Enum.GetValues<Trigger>())
            {
                foreach (Store store in Enum.GetValues<Store>())
                {
                    Verdict v = Check(store, trigger);
                    string name = $"{(trigger == Trigger.Level ? "lt" : "et")}-{(store == Store.Release ? "release" : "seqcst")}";
                    Console.WriteLine($"{name,-11} {v.StatesExplored,4} states, {v.FinalStates,3} final: " +
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
