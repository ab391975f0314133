using Shuangsuiji.Draws.Drawing;

namespace Shuangsuiji.Draws.Candidates;

/// <summary>
/// The candidates in memory, in canonical order, for draws over millions of entities in well under a second:
/// one 32-byte row per entity (its packed USCC and small numbers standing for its division, industry, type, status,
/// tags, sub-libraries and risk class), so placing ten million is one pass over an array. New entities wait in a
/// small unsorted part until <see cref="Compact"/> merges them in. Not thread-safe: see <see cref="LiveCandidates"/>.
/// </summary>
public sealed class CandidateIndex(int rowsPerPart = 1_000_000)
{
    private struct Row
    {
        public UInt128 Key;
        public int Tags, SubLibraries;
        public ushort Division, Industry;
        public byte Type, Status, RiskClass;
        private byte flags; // two flags in one byte keep a row at 32 bytes

        public bool Inspected
        {
            readonly get => (flags & 1) != 0;
            set => flags = (byte)(value ? flags | 1 : flags & ~1);
        }

        /// <summary>In an open inspection task.</summary>
        public bool InTask
        {
            readonly get => (flags & 2) != 0;
            set => flags = (byte)(value ? flags | 2 : flags & ~2);
        }
    }

    private Row[] sorted = [];
    private readonly List<Row> pending = [];
    private readonly Dictionary<UInt128, int> pendingAt = [];
    private readonly Names divisions = new(ushort.MaxValue), industries = new(ushort.MaxValue), types = new(byte.MaxValue),
        statuses = new(byte.MaxValue), classes = new(byte.MaxValue), tagSets = new(int.MaxValue), librarySets = new(int.MaxValue), items = new(int.MaxValue);
    private readonly Dictionary<UInt128, List<(int Item, DateOnly On)>> inspections = [];
    private readonly Dictionary<UInt128, HashSet<string>> openTasks = [];

    public int Count => sorted.Length + pending.Count;

    /// <summary>An entity's current state. Codes that are not 18 digits and capital letters cannot be valid USCCs and are left out.</summary>
    public bool Apply(CandidateRow c)
    {
        if (!UsccKey.TryEncode(c.Uscc, out var key)) return false;
        var row = new Row
        {
            Key = key, Division = (ushort)divisions.Id(c.Division), Industry = (ushort)industries.Id(c.Industry), Type = (byte)types.Id(c.Type),
            Status = (byte)statuses.Id(c.Status), RiskClass = (byte)classes.Id(c.RiskClass ?? ""), Tags = tagSets.Id(SetKey(c.Tags)),
            SubLibraries = librarySets.Id(SetKey(c.SubLibraries)),
        };
        Mark(ref row);
        var at = Find(key);
        if (at >= 0) sorted[at] = row;
        else if (pendingAt.TryGetValue(key, out var p)) pending[p] = row;
        else
        {
            pendingAt[key] = pending.Count;
            pending.Add(row);
        }
        return true;
    }

    public void Apply(InspectionRow i)
    {
        if (!UsccKey.TryEncode(i.Uscc, out var key)) return;
        if (!inspections.TryGetValue(key, out var list)) inspections[key] = list = [];
        list.Add((items.Id(i.ItemId), i.InspectedOn));
        Mark(key);
    }

    public void Apply(TaskEntityRow t)
    {
        if (!UsccKey.TryEncode(t.Uscc, out var key)) return;
        if (t.Open) (openTasks.TryGetValue(key, out var tasks) ? tasks : openTasks[key] = []).Add(t.TaskId);
        else if (openTasks.TryGetValue(key, out var tasks) && tasks.Remove(t.TaskId) && tasks.Count == 0) openTasks.Remove(key);
        Mark(key);
    }

    public bool HasInspections(string uscc) => UsccKey.TryEncode(uscc, out var key) && inspections.ContainsKey(key);

    /// <summary>
    /// A row's flags say whether the entity has inspections and open tasks, kept on the row so that a placement
    /// looks in those dictionaries only for the few rows that have any.
    /// </summary>
    private void Mark(ref Row row)
    {
        row.Inspected = inspections.ContainsKey(row.Key);
        row.InTask = openTasks.ContainsKey(row.Key);
    }

    private void Mark(UInt128 key)
    {
        var at = Find(key);
        if (at >= 0) Mark(ref sorted[at]);
        else if (pendingAt.TryGetValue(key, out var p))
        {
            var row = pending[p];
            Mark(ref row);
            pending[p] = row;
        }
    }

    /// <summary>Whether merging the new entities in is worth its cost (a copy of every row) yet.</summary>
    public bool ShouldCompact => pending.Count > 65_536 + sorted.Length / 16;

    public void Compact()
    {
        if (pending.Count == 0) return;
        var extra = SortedPending();
        var merged = new Row[sorted.Length + extra.Length];
        int i = 0, j = 0, n = 0;
        while (i < sorted.Length || j < extra.Length)
            merged[n++] = j == extra.Length || i < sorted.Length && sorted[i].Key < extra[j].Key ? sorted[i++] : extra[j++];
        sorted = merged;
        pending.Clear();
        pendingAt.Clear();
    }

    /// <summary>
    /// The entities in scope, in canonical order, put in their strata by risk class, and every one left out counted
    /// by reason: not active (未正常经营), inspected for one of the items since <paramref name="since"/>, in an open task
    /// other than <paramref name="ownTasks"/> (the draw's task and the tasks merged into it), in no stratum.
    /// A return visit places only the entities <paramref name="sampled"/> from closed tasks, and neither a recent
    /// inspection nor an open task leaves one out: they are what the visit looks at again.
    /// </summary>
    public Placement Place(CandidateScope scope, IReadOnlyCollection<string> itemIds, DateOnly since, IReadOnlyCollection<string> ownTasks,
        IReadOnlyList<StratumSpec> strata, IReadOnlyCollection<string>? sampled = null)
    {
        var divisionIn = divisions.Which(d => scope.Divisions.Any(p => d.StartsWith(p, StringComparison.Ordinal)));
        var industryIn = industries.Which(i => scope.Industries.Count == 0 || scope.Industries.Any(p => i.StartsWith(p, StringComparison.Ordinal)));
        var typeIn = types.Which(t => scope.EntityTypes.Count == 0 || scope.EntityTypes.Contains(t));
        var tagsIn = tagSets.Which(s => scope.Tags.Count == 0 || s.Split('\n').Intersect(scope.Tags).Any());
        var librariesIn = librarySets.Which(s => scope.SubLibraries.Count == 0 || s.Split('\n').Intersect(scope.SubLibraries).Any());
        var active = statuses.Which(s => s == "active");
        var drawnItems = itemIds.Select(items.Find).Where(id => id >= 0).ToHashSet();
        // An empty class list is the stratum of entities without a class.
        var stratumOf = classes.Numbers(c => Enumerable.Range(0, strata.Count).FirstOrDefault(n => strata[n].RiskClasses.DefaultIfEmpty("").Contains(c), -1));
        var placement = sampled is null
            ? new Placing(strata.Count, divisionIn, industryIn, typeIn, tagsIn, librariesIn, active, stratumOf,
                key => inspections[key].Exists(x => x.On >= since && drawnItems.Contains(x.Item)), key => !openTasks[key].IsSubsetOf(ownTasks))
            : new Placing(strata.Count, divisionIn, industryIn, typeIn, tagsIn, librariesIn, active, stratumOf, _ => false, _ => false);

        // First each row's place, counted; then the keys in canonical order into lists of the exact size: no list grows,
        // so a draw over ten million allocates only what it keeps. The index's rows are classified and copied in parts side
        // by side, each part writing from where the parts before it end; new entities not yet merged in are few, and
        // merged in order one by one.
        var (rows, extra) = sampled is null ? (sorted, SortedPending()) : (RowsOf(sampled), []);
        var parts = Parts(rows.Length);
        var tallies = new Tally[parts.Length];
        var placeOfSorted = new sbyte[rows.Length];
        Parallel.For(0, parts.Length, p => tallies[p] = placement.Classify(rows, parts[p], placeOfSorted));
        var placeOfExtra = new sbyte[extra.Length];
        var extraTally = placement.Classify(extra, (0, extra.Length), placeOfExtra);
        var total = tallies.Aggregate(extraTally, (a, b) => a.Plus(b));
        var lists = strata.Select((_, n) => new UInt128[total.Counts[n]]).ToArray();
        if (extra.Length == 0)
        {
            var starts = new int[parts.Length][];
            var next = new int[strata.Count];
            for (var p = 0; p < parts.Length; p++)
            {
                starts[p] = [.. next];
                for (var n = 0; n < strata.Count; n++) next[n] += tallies[p].Counts[n];
            }
            Parallel.For(0, parts.Length, p =>
            {
                var filled = starts[p];
                for (var i = parts[p].From; i < parts[p].To; i++)
                    if (placeOfSorted[i] is var place and >= 0) lists[place][filled[place]++] = rows[i].Key;
            });
        }
        else
        {
            var filled = new int[strata.Count];
            int i = 0, j = 0;
            while (i < rows.Length || j < extra.Length)
            {
                var fromSorted = j == extra.Length || i < rows.Length && rows[i].Key < extra[j].Key;
                var (key, place) = fromSorted ? (rows[i].Key, placeOfSorted[i++]) : (extra[j].Key, placeOfExtra[j++]);
                if (place >= 0) lists[place][filled[place]++] = key;
            }
        }
        return new Placement(
            strata.Select((s, n) => (s.Label, List: new CandidateList(lists[n]))).ToDictionary(x => x.Label, x => x.List),
            new Dictionary<string, int>
            {
                [Placement.NotActive] = total.NotActive, [Placement.InspectedRecently] = total.Recent, [Placement.InOpenTask] = total.InOtherTask,
                [Placement.NotInStrata] = total.NotDrawn,
            });
    }

    /// <summary>Ranges of about <c>rowsPerPart</c> rows (at least one range).</summary>
    private (int From, int To)[] Parts(int rows)
    {
        var count = Math.Max(1, rows / rowsPerPart);
        return [.. Enumerable.Range(0, count).Select(p => ((int)((long)rows * p / count), (int)((long)rows * (p + 1) / count)))];
    }

    /// <summary>The rows of a part placed in each stratum, and those left out, by reason.</summary>
    private sealed record Tally(int[] Counts, int NotActive, int Recent, int InOtherTask, int NotDrawn)
    {
        public Tally Plus(Tally other) => new([.. Counts.Zip(other.Counts, (a, b) => a + b)], NotActive + other.NotActive, Recent + other.Recent,
            InOtherTask + other.InOtherTask, NotDrawn + other.NotDrawn);
    }

    /// <summary>Where each row goes for one draw: a stratum's number, or a negative number for out of scope or excluded.</summary>
    private sealed class Placing(int strata, bool[] divisionIn, bool[] industryIn, bool[] typeIn, bool[] tagsIn, bool[] librariesIn, bool[] active, int[] stratumOf,
        Func<UInt128, bool> inspectedRecently, Func<UInt128, bool> inOtherTask)
    {
        private const sbyte OutOfScope = -1, Excluded = -2;

        /// <summary>Places the rows of one range into <paramref name="places"/>; several ranges may be classified at once.</summary>
        public Tally Classify(Row[] rows, (int From, int To) range, sbyte[] places)
        {
            var counts = new int[strata];
            int notActive = 0, recent = 0, otherTask = 0, notDrawn = 0;
            for (var n = range.From; n < range.To; n++)
            {
                ref readonly var r = ref rows[n];
                sbyte place;
                if (!divisionIn[r.Division] || !industryIn[r.Industry] || !typeIn[r.Type] || !tagsIn[r.Tags] || !librariesIn[r.SubLibraries]) place = OutOfScope;
                else if (!active[r.Status]) { notActive++; place = Excluded; }
                else if (r.Inspected && inspectedRecently(r.Key)) { recent++; place = Excluded; }
                else if (r.InTask && inOtherTask(r.Key)) { otherTask++; place = Excluded; }
                else if (stratumOf[r.RiskClass] is var s and >= 0) { counts[s]++; place = (sbyte)s; }
                else { notDrawn++; place = Excluded; }
                places[n] = place;
            }
            return new Tally(counts, notActive, recent, otherTask, notDrawn);
        }
    }

    /// <summary>The rows of the given entities that the index holds, in canonical order.</summary>
    private Row[] RowsOf(IEnumerable<string> usccs)
    {
        var rows = new List<Row>();
        foreach (var uscc in usccs)
        {
            if (!UsccKey.TryEncode(uscc, out var key)) continue;
            if (Find(key) is var at and >= 0) rows.Add(sorted[at]);
            else if (pendingAt.TryGetValue(key, out var p)) rows.Add(pending[p]);
        }
        return [.. rows.DistinctBy(r => r.Key).OrderBy(r => r.Key)];
    }

    private Row[] SortedPending()
    {
        var extra = pending.ToArray();
        Array.Sort(extra.Select(r => r.Key).ToArray(), extra);
        return extra;
    }

    private int Find(UInt128 key)
    {
        int lo = 0, hi = sorted.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + (hi - lo) / 2;
            var c = sorted[mid].Key.CompareTo(key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    private static string SetKey(string[] values) => string.Join('\n', values.Order(StringComparer.Ordinal));

    /// <summary>The distinct values of one column, numbered in order of appearance; a query is evaluated once per value, not per row.</summary>
    private sealed class Names(int limit)
    {
        private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
        private readonly List<string> names = [];

        public int Id(string name)
        {
            if (ids.TryGetValue(name, out var id)) return id;
            if (names.Count == limit) throw new InvalidOperationException($"more than {limit} distinct values in one column of the candidate index");
            ids[name] = names.Count;
            names.Add(name);
            return names.Count - 1;
        }

        public int Find(string name) => ids.GetValueOrDefault(name, -1);

        public bool[] Which(Func<string, bool> test) => [.. names.Select(test)];

        public int[] Numbers(Func<string, int> f) => [.. names.Select(f)];
    }
}
