namespace Shuangsuiji.Directories.Entities;

/// <summary>
/// The credit risk classes in use, from lowest to highest risk (configuration Directories:RiskClasses,
/// default A, B, C, D: 低, 一般, 较高, 高).
/// </summary>
public sealed class RiskClasses(IReadOnlyList<string> ordered)
{
    public static readonly RiskClasses Default = new(["A", "B", "C", "D"]);

    public IReadOnlyList<string> Ordered { get; } = ordered;

    public bool Contains(string riskClass) => Ordered.Contains(riskClass);

    /// <summary>
    /// A rise of two or more classes, or into the highest class, warns supervisors (风险指数上升预警).
    /// A first classification warns only when it is the highest.
    /// </summary>
    public bool Warns(string? from, string to)
    {
        var rank = Rank(to);
        if (from == to) return false;
        if (rank == Ordered.Count - 1) return true;
        return from is not null && rank - Rank(from) >= 2;
    }

    /// <summary>The next riskier class, or null for the highest (or an unknown class).</summary>
    public string? Above(string riskClass) => Rank(riskClass) is var rank && rank >= 0 && rank < Ordered.Count - 1 ? Ordered[rank + 1] : null;

    private int Rank(string riskClass) => Ordered.ToList().IndexOf(riskClass);
}
