using ScottPlot;

namespace Ringbench.Plots;

/// <summary>
/// The colours of one result folder's variants: each variant its own colour, the same in every
/// figure of the folder, and far from every other variant's. A fixed colour per variant across
/// all folders cannot do that: ringbench has some sixty variant names and a folder shows up to
/// twenty of them, so the old fixed map gave pairs that run side by side (lt-release and
/// libbpf-before, libbpf-barrier and libbpf-barrier-et) shades of one hue.
/// <para>
/// The colours are taken in a fixed order, so the first variants of a folder (its headline pair)
/// always get blue and red; the order was chosen greedily, each next colour the one farthest (CIE
/// Lab distance) from all before it, from Kelly's colours of maximum contrast and the Tableau 20,
/// leaving out those close to white and to the magenta <see cref="TwinChart"/> flags with. Any
/// two of the first twenty are at least 26 apart (PlotTests measures it); past twenty, colours
/// repeat, and the figure's legend must tell them apart.
/// </para>
/// </summary>
public sealed class VariantPalette
{
    public static IReadOnlyList<Color> Colors { get; } =
        new[]
        {
            "#0067A5", "#BE0032", "#8DB600", "#F7B6D2", "#F38400", "#2B3D26", "#17BECF", "#C2B280", "#008856", "#8C564B",
            "#F3C300", "#9467BD", "#98DF8A", "#F99379", "#AEC7E8", "#B3446C", "#2CA02C", "#848482", "#E377C2", "#882D17",
        }.Select(Color.FromHex).ToArray();

    private readonly Dictionary<string, Color> _colors = new(StringComparer.Ordinal);

    /// <param name="variants">The folder's variants in the order its figures list them (duplicates ignored).</param>
    public VariantPalette(IEnumerable<string> variants)
    {
        foreach (string variant in variants)
            if (!_colors.ContainsKey(variant))
                _colors[variant] = Colors[_colors.Count % Colors.Count];
    }

    /// <summary>The variant's colour; a name the folder did not list gets the next free one, so it still differs from the others.</summary>
    public Color Of(string variant)
    {
        if (!_colors.TryGetValue(variant, out Color color))
            _colors[variant] = color = Colors[_colors.Count % Colors.Count];
        return color;
    }
}
