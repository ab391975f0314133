namespace Shuangsuiji.Kernel;

/// <summary>
/// Administrative division codes (行政区划代码, six digits): a province's ends in 0000, a city's in 00, a county's or
/// district's in neither. A region holds every division whose code starts with its prefix, so an office's region says
/// which departments it supervises: the city office's 130300 the city's and every county's, a county office's 130302 its
/// county's only.
/// </summary>
public static class Regions
{
    /// <summary>The prefix every division within the region starts with: 130000 → 13, 130300 → 1303, 130302 → 130302.</summary>
    public static string Prefix(string region)
    {
        var prefix = region;
        while (prefix.Length > 2 && prefix.EndsWith("00", StringComparison.Ordinal)) prefix = prefix[..^2];
        return prefix;
    }

    /// <summary>Whether <paramref name="division"/> lies within <paramref name="region"/> (a region lies within itself).</summary>
    public static bool Contains(string region, string division) => division.StartsWith(Prefix(region), StringComparison.Ordinal);

    /// <summary>The region one level up: 130302 → 130300, 130300 → 130000; a province has none.</summary>
    public static string? Above(string region)
    {
        var prefix = Prefix(region);
        return prefix.Length <= 2 ? null : prefix[..^2].PadRight(region.Length, '0');
    }
}
