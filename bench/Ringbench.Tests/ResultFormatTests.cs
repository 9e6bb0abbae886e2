using Ringbench.Results;
using Ringbench.Reports;

namespace Ringbench.Tests;

public class ResultFormatTests
{
    [Fact]
    public void LineMatchesTheKernelScriptByteForByte()
    {
        var throughput = new SummaryStatistics(10, 43.366, 0.277, 0, 0, 0);
        var drops = new SummaryStatistics(10, 0.848, 0.027, 0, 0, 0);
        Assert.Equal("rb-libbpf            43.366 ± 0.277M/s (drops 0.848 ± 0.027M/s)",
            KernelFormat.Line("rb-libbpf", throughput, drops));
    }

    [Fact]
    public void LineParsesBack()
    {
        string line = KernelFormat.Line("rb-libbpf nr_prod 12", new SummaryStatistics(3, 4.612, 0.042, 0, 0, 0),
            new SummaryStatistics(3, 0.001, 0.004, 0, 0, 0));
        var parsed = KernelFormat.Parse(line);
        Assert.Equal(("rb-libbpf nr_prod 12", 4.612, 0.042, 0.001, 0.004), parsed);
        Assert.Throws<FormatException>(() => KernelFormat.Parse("rb-libbpf fast"));
    }

    [Fact]
    public void HeadingIsUnderlinedToItsLength()
    {
        Assert.Equal("Ringbuf, multi-producer contention\n==================================",
            KernelFormat.Heading("Ringbuf, multi-producer contention"));
    }

    [Fact]
    public void StatisticsUseTheSampleStandardDeviation()
    {
        var s = SummaryStatistics.Of([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5, s.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), s.StdDev, 12);
        Assert.Equal(4.5, s.Median, 12);
        Assert.Equal((2.0, 9.0), (s.Min, s.Max));
        Assert.Equal(0, SummaryStatistics.Of([3.0]).StdDev);
        Assert.True(double.IsNaN(SummaryStatistics.Of([]).Mean));
    }

    [Fact]
    public void RatesUseTheMeasuredIntervalNotANominalSecond()
    {
        var sample = new Sample(0, false, 0.5, 1_000_000, 250_000, 0, 0, 0, 0, 0, 0);
        Assert.Equal(2.0, sample.ThroughputMps, 12);
        Assert.Equal(0.5, sample.DropsMps, 12);
    }

    [Fact]
    public void IntegrityFlagsAMismatch()
    {
        Assert.True(new Integrity(100, 90, 10).Holds);
        var broken = new Integrity(100, 95, 10);
        Assert.False(broken.Holds);
        Assert.Contains("off by 5", broken.ToString());
    }
}
