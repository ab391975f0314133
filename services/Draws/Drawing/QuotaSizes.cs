using Shuangsuiji.Draws.Sampling;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Draws.Drawing;

/// <summary>
/// A task's draw asks at least what the task's risk quotas ask. The tasks service says what the task allows (its
/// departments, items, scope, and a stratum for every class it has a quota for); how many a stratum's size gives depends
/// on its candidates, which only the engine knows, so the sizes are checked here, at preparation, naming the field.
/// </summary>
public static class QuotaSizes
{
    /// <summary>
    /// Each stratum holding classes the task has quotas for asks at least those quotas: a percentage stratum at least the
    /// highest percentage of its classes' quotas; otherwise at least as many entities as those quotas ask of its candidates.
    /// </summary>
    public static void Check(IReadOnlyList<StratumSpec> strata, Func<string, int> candidates, IReadOnlyList<RiskQuota> quotas)
    {
        foreach (var (stratum, i) in strata.Select((s, i) => (s, i)))
        {
            var own = quotas.Where(q => stratum.RiskClasses.Contains(q.RiskClass)).ToList();
            if (own.Count == 0) continue;
            var highest = own.Where(q => q.Percent is not null).MaxBy(q => q.Percent);
            if (stratum.Percent is { } percent && own.All(q => q.Percent is not null))
            {
                if (percent < highest!.Percent)
                    throw new InvalidFieldException($"strata[{i}].percent",
                        $"stratum {stratum.Label}: {percent} % is below the task's quota for class {highest.RiskClass} ({highest.Percent} %)",
                        $"分层 {stratum.Label}：{percent} % 低于任务对 {highest.RiskClass} 类的抽查比例（{highest.Percent} %）",
                        DrawsReasons.QuotaNotMet.About(stratum.Label, $"{highest.Percent} %"));
                continue;
            }
            var n = candidates(stratum.Label);
            var required = Math.Max(highest is null ? 0 : new StratumSize(highest.Percent, null).For(n), own.Sum(q => q.Count ?? 0));
            var asked = new StratumSize(stratum.Percent, stratum.Count).For(n);
            if (asked < required)
                throw new InvalidFieldException(stratum.Percent is null ? $"strata[{i}].count" : $"strata[{i}].percent",
                    $"stratum {stratum.Label}: asks {asked} of {n} candidates, the task's quotas for {string.Join(", ", own.Select(q => $"class {q.RiskClass} ({Size(q)})"))} ask {required}",
                    $"分层 {stratum.Label}：从 {n} 个候选对象中抽取 {asked} 个，而任务对 {string.Join("、", own.Select(q => $"{q.RiskClass} 类（{Size(q)}）"))} 的要求为 {required} 个",
                    DrawsReasons.QuotaNotMet.About(stratum.Label, required));
        }
    }

    private static string Size(RiskQuota quota) => quota.Percent is { } p ? $"{p} %" : $"{quota.Count}";
}
