namespace Shuangsuiji.Kernel;

/// <summary>
/// Administrative divisions (行政区划代码): six digits, province 130000, city 130300, county 130302. A region holds the
/// divisions that start with its prefix, so the city office oversees its counties and a county office its county only.
/// </summary>
public static class Regions
{
    /// <summary>The prefix the divisions within a region start with: 130000 → 13, 130300 → 1303, 130302 → 130302.</summary>
    public static string Prefix(string region) =>
        region.EndsWith("0000", StringComparison.Ordinal) ? region[..^4] : region.EndsWith("00", StringComparison.Ordinal) ? region[..^2] : region;

    /// <summary>Whether <paramref name="division"/> lies within <paramref name="region"/>; nothing lies within no region.</summary>
    public static bool Within(string? division, string region) =>
        region.Length > 0 && division is { Length: > 0 } && division.StartsWith(Prefix(region), StringComparison.Ordinal);

    /// <summary>A city's or a province's region rather than a county's: its office oversees the whole platform's city.</summary>
    public static bool CityOrWider(string region) => region.Length == 6 && region.EndsWith("00", StringComparison.Ordinal);

    /// <summary>The region one level up: 130302 → 130300, 130300 → 130000; a province has none.</summary>
    public static string? Above(string region)
    {
        var prefix = Prefix(region);
        return prefix.Length <= 2 ? null : prefix[..^2].PadRight(region.Length, '0');
    }
}
