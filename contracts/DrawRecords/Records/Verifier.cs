using Shuangsuiji.Draws.Sampling;

namespace Shuangsuiji.Draws.Records;

/// <summary>
/// Replays a public draw record: the reveals against the commitments, the seed from the reveals, every
/// stratum's and every match's derived seed and picks from the sampler; with the canonical candidate lists
/// (optional), their hashes and the selected USCCs too. A record with its public randomness is also checked for
/// the timeline that keeps any party from steering it: two parties or more, every commitment by the deadline, the
/// public value entered after it. Returns every mismatch; none means the draw is what the record says.
/// </summary>
public static class Verifier
{
    public static IReadOnlyList<string> Verify(DrawRecord record, Func<string, IReadOnlyList<string>?>? candidatesOf = null)
    {
        var problems = new List<string>();
        if (record.Algorithm != DrawSeed.Algorithm)
            return [$"algorithm '{record.Algorithm}' is not {DrawSeed.Algorithm}, the only one this verifier knows"];

        var commitments = record.Commitments.ToDictionary(c => c.Party, StringComparer.Ordinal);
        foreach (var reveal in record.Reveals)
        {
            if (!commitments.TryGetValue(reveal.Party, out var commitment)) problems.Add($"reveal of {reveal.Party}, who made no commitment");
            else if (DrawSeed.Commitment(reveal.Secret) != commitment.Sha256) problems.Add($"the secret of {reveal.Party} does not match its commitment");
        }
        foreach (var party in commitments.Keys.Except(record.Reveals.Select(r => r.Party), StringComparer.Ordinal))
            problems.Add($"{party} committed but did not reveal");
        if (record.PublicRandomness is { } randomness)
        {
            if (record.Commitments.Count < 2) problems.Add($"{record.Commitments.Count} party: a draw has two independent parties or more");
            foreach (var late in record.Commitments.Where(c => c.CommittedAt is not { } at || at > randomness.CommitDeadline))
                problems.Add($"the commitment of {late.Party} was made at {late.CommittedAt:O}, not by the commit deadline {randomness.CommitDeadline:O}");
            if (record.PublicValue is null || randomness.RecordedAt is not { } recorded || recorded < randomness.CommitDeadline)
                problems.Add($"the public value of {randomness.Source} {randomness.Round} was not entered after the commit deadline {randomness.CommitDeadline:O}");
        }
        var seed = DrawSeed.Derive(record.DrawId, record.Reveals.Select(r => (r.Party, r.Secret)), record.PublicValue);
        if (seed != record.Seed) problems.Add($"the seed should be {seed}, the record says {record.Seed}");

        foreach (var stratum in record.Strata)
        {
            var where = $"stratum {stratum.Label}";
            Replay(where, DrawSeed.ForStratum(seed, stratum.Label), stratum.Seed, stratum.SampleSize, stratum.CandidateCount, stratum.Picks, stratum.Selected, problems);
            if (stratum.SampleSize != Math.Min(stratum.Asked, stratum.CandidateCount))
                problems.Add($"{where}: {stratum.Asked} asked from {stratum.CandidateCount} should give {Math.Min(stratum.Asked, stratum.CandidateCount)}, not {stratum.SampleSize}");
            if (candidatesOf?.Invoke(stratum.Label) is not { } candidates) continue;
            var canonical = StratifiedDraw.Canonical(candidates);
            if (canonical.Length != stratum.CandidateCount)
                problems.Add($"{where}: the list has {canonical.Length} candidates, the record says {stratum.CandidateCount}");
            else if (StratifiedDraw.ListSha256(canonical) != stratum.CandidatesSha256)
                problems.Add($"{where}: the list's SHA-256 is {StratifiedDraw.ListSha256(canonical)}, the record says {stratum.CandidatesSha256}");
            else
                for (var i = 0; i < Math.Min(stratum.Picks.Count, stratum.Selected.Count); i++)
                    if (stratum.Picks[i] is >= 1 and var p && p <= canonical.Length && canonical[p - 1] != stratum.Selected[i])
                        problems.Add($"{where}: pick {i + 1} is number {p}, {canonical[p - 1]}, not {stratum.Selected[i]}");
        }

        foreach (var match in record.Matches.Where(m => m.Failure is null))
            Replay($"match of {match.Uscc} for {match.DepartmentId}", DrawSeed.ForMatch(seed, match.DepartmentId, match.Uscc), match.Seed,
                match.Picks.Count, match.PoolSize, match.Picks, match.Selected, problems);
        foreach (var group in (record.Replacements ?? []).GroupBy(r => (r.DepartmentId, r.Uscc)))
        {
            var number = 0;
            foreach (var r in group)
            {
                var where = $"replacement {++number} of {r.Uscc} for {r.DepartmentId}";
                var expected = $"{DrawSeed.ForMatch(seed, r.DepartmentId, r.Uscc)}/replace/{number}";
                if (r.Seed != expected) problems.Add($"{where}: the derived seed should be {expected}, the record says {r.Seed}");
                else if (r.PoolSize < 1 || Sampler.Number(expected, 1, 1, r.PoolSize) != r.Pick)
                    problems.Add($"{where}: the sampler does not give pick {r.Pick} of {r.PoolSize}");
            }
        }
        return problems;
    }

    private static void Replay(string where, string expectedSeed, string seed, int size, int of, IReadOnlyList<long> picks,
        IReadOnlyList<string> selected, List<string> problems)
    {
        if (seed != expectedSeed) problems.Add($"{where}: the derived seed should be {expectedSeed}, the record says {seed}");
        if (size > of || size < 0) { problems.Add($"{where}: cannot draw {size} from {of}"); return; }
        var (replayed, _) = Sampler.WithoutReplacement(expectedSeed, size, 1, of);
        if (!replayed.SequenceEqual(picks)) problems.Add($"{where}: the sampler gives {string.Join(",", replayed.Take(10))}…, the record says {string.Join(",", picks.Take(10))}…");
        if (selected.Count != picks.Count) problems.Add($"{where}: {picks.Count} picks but {selected.Count} selected");
    }
}
