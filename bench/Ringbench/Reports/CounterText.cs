using System.Globalization;

namespace Ringbench.Reports;

/// <summary>How the reports spell a measured counter: a number, or a share as a percentage; "n/a" where it was not measured.</summary>
internal static class CounterText
{
    public static string Number(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Percent(double share) => double.IsNaN(share) ? "n/a" : (share * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
