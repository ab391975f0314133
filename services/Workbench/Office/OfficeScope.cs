using Microsoft.Extensions.Caching.Memory;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Kernel;
using Shuangsuiji.Workbench.Layout;

namespace Shuangsuiji.Workbench.Office;

/// <summary>A subject of figures and reports: a department (its id) or a region ("region:130302"), under the name people read.</summary>
public sealed record Subject(string Id, string Name, bool IsRegion);

/// <summary>
/// What the signed-in person may read in the supervision pages, so the pickers offer nothing the supervision service would
/// refuse: an office's supervisor its region (the city office the city, its counties and every department in it; a county's
/// office its county and the county's departments); a department's people their own department, and a county's department
/// its county's attachment 1.
/// </summary>
public sealed class OfficeScope(IServiceProvider services, IMemoryCache cache)
{
    public const string RegionPrefix = "region:";

    public async Task<IReadOnlyList<Department>> DepartmentsAsync(CancellationToken ct) =>
        await cache.GetOrCreateAsync("office-departments", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            var client = services.GetRequiredService<Departments.DepartmentsClient>();
            return (IReadOnlyList<Department>)[.. (await client.ListDepartmentsAsync(new ListDepartmentsRequest(), cancellationToken: ct)).Departments];
        }) ?? [];

    /// <summary>The subjects the person may read, their own (or their office's region) first.</summary>
    public async Task<IReadOnlyList<Subject>> SubjectsAsync(Signed person, CancellationToken ct)
    {
        var departments = await DepartmentsAsync(ct);
        var own = departments.FirstOrDefault(d => d.DepartmentId == person.Caller.DepartmentId);
        var region = own?.RegionCode is { Length: > 0 } code ? code : person.Caller.Region;
        if (!person.Caller.IsSupervisor())
        {
            List<Subject> mine = [new(person.Caller.DepartmentId, own?.Name ?? person.Caller.DepartmentId, false)];
            if (region.Length > 0 && !Regions.CityOrWider(region)) mine.Add(new(RegionPrefix + region, RegionName(region, departments), true));
            return mine;
        }
        if (region.Length == 0) return [];
        var within = departments.Where(d => d.Kind != DepartmentKind.Office && Regions.Within(d.RegionCode, region)).ToList();
        IEnumerable<Subject> regions = Regions.CityOrWider(region)
            ? within.Where(d => d.Level == DepartmentLevel.County).Select(d => d.RegionCode).Distinct().Order(StringComparer.Ordinal)
                .Select(c => new Subject(RegionPrefix + c, RegionName(c, departments), true))
            : [];
        return [new(RegionPrefix + region, RegionName(region, departments), true), .. regions,
            .. within.OrderBy(d => d.RegionCode, StringComparer.Ordinal).ThenBy(d => d.DepartmentId, StringComparer.Ordinal).Select(d => new Subject(d.DepartmentId, d.Name, false))];
    }

    /// <summary>The subject the pages open on: the office's region, or the department's own figures.</summary>
    public static string Default(IReadOnlyList<Subject> subjects, Signed person) => subjects.FirstOrDefault()?.Id ?? person.Caller.DepartmentId;

    /// <summary>A region under the name of its office ("海港区"), taken from the office's name, or its code.</summary>
    private static string RegionName(string region, IReadOnlyList<Department> departments) =>
        departments.FirstOrDefault(d => d.Kind == DepartmentKind.Office && d.RegionCode == region)?.Name is { } office && office.IndexOf('“') is > 0 and var cut
            ? office[..cut]
            : region == "130300" ? "全市" : $"地区 {region}";
}
