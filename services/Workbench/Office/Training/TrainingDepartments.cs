namespace Shuangsuiji.Workbench.Office.Training;

/// <summary>Who gives and attends the office's training: the office itself and the departments of its region.</summary>
public static class TrainingDepartments
{
    public static async Task<IReadOnlyList<Subject>> OfAsync(OfficeScope scope, Layout.Signed person, CancellationToken ct)
    {
        var departments = await scope.DepartmentsAsync(ct);
        var office = departments.FirstOrDefault(d => d.DepartmentId == person.Caller.DepartmentId);
        return [new(person.Caller.DepartmentId, office?.Name ?? person.Caller.DepartmentId, false),
            .. (await scope.SubjectsAsync(person, ct)).Where(s => !s.IsRegion && s.Id != person.Caller.DepartmentId)];
    }
}
