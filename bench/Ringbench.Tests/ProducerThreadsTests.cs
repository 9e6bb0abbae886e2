using System.Collections.Concurrent;
using Ringbench.Running;

namespace Ringbench.Tests;

public class ProducerThreadsTests
{
    /// <summary>
    /// The producers are parked until the release and then all fire: started firing one by one,
    /// those already running took the CPUs from the thread starting the next, and setup grew with
    /// the square of their count (1.87 s for 52 producers on this box). Not pinned (null CPUs):
    /// the gate is what is tested, not the placement.
    /// </summary>
    [Fact]
    public void ProducersFireOnlyAfterTheReleaseAndThenEveryOneFires()
    {
        const int count = 12;
        var firing = new ConcurrentDictionary<string, bool>();
        long triggers = 0;
        Action trigger = () =>
        {
            Interlocked.Increment(ref triggers);
            firing.TryAdd(Thread.CurrentThread.Name ?? "", true);
            Thread.Yield();
        };
        ProducerThreads producers = ProducerThreads.Start(Enumerable.Repeat<int?>(null, count).ToList(), backToBack: false, trigger);
        try
        {
            Thread.Sleep(100);
            Assert.Equal(0, Interlocked.Read(ref triggers));
            producers.Release();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (firing.Count < count && DateTime.UtcNow < deadline)
                Thread.Sleep(5);
            Assert.Equal(count, firing.Count);
        }
        finally
        {
            producers.StopAndJoin();
        }
    }

    /// <summary>A run cancelled before its release still stops: StopAndJoin does not wait on parked threads forever.</summary>
    [Fact]
    public async Task StopWithoutReleaseJoinsTheParkedThreads()
    {
        long triggers = 0;
        ProducerThreads producers = ProducerThreads.Start([null, null], backToBack: false, () => Interlocked.Increment(ref triggers));
        Task stop = Task.Run(producers.StopAndJoin);
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Equal(0, Interlocked.Read(ref triggers));
    }
}
