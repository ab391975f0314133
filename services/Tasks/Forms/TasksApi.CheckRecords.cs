using Grpc.Core;
using Shuangsuiji.ServiceDefaults.Grpc;
using Shuangsuiji.Tasks.Forms;
using Shuangsuiji.Tasks.InspectionTasks;
using Shuangsuiji.Tasks.Results;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Tasks.V1;

namespace Shuangsuiji.Tasks;

public sealed partial class TasksApi
{
    /// <summary>
    /// 一企一表: one record per drawn entity, shared by the team that visits it. A department's section shows its own
    /// draft to its own people; the others see a result once it is submitted. Reviewers' comments are never in it.
    /// </summary>
    public override async Task<Proto.CheckRecord> GetCheckRecord(Proto.GetCheckRecordRequest r, ServerCallContext call)
    {
        var uscc = Require.Code(r.Uscc, "uscc");
        await using var query = store.QuerySession();
        var task = await VisibleTaskAsync(query, r.TaskId, call);
        var caller = call.Caller();
        if (!task.Entities.Contains(uscc)) throw new InvalidFieldException("uscc", $"{uscc} was not drawn for task {task.TaskId}", $"{uscc} 未被任务 {task.TaskId} 抽中",
            TasksReasons.EntityNotDrawn.About(task.TaskId, uscc));
        var ids = task.Inspecting.Select(d => EntityResult.StreamId(EntityResult.IdOf(task.TaskId, d.DepartmentId, uscc))).ToArray();
        var results = (await query.LoadManyAsync<EntityResult>(call.CancellationToken, ids)).ToDictionary(x => x.DepartmentId);
        var teams = (await query.LoadManyAsync<InspectorTeam>(call.CancellationToken,
            task.Inspecting.Select(d => InspectorTeam.Key(task.TaskId, d.DepartmentId, uscc)).ToArray())).ToDictionary(x => x.DepartmentId);
        return new Proto.CheckRecord
        {
            TaskId = task.TaskId, TaskName = task.Name, Uscc = uscc, CheckFrom = Date(task.CheckFrom), CheckTo = Date(task.CheckTo),
            Departments =
            {
                task.Inspecting.Select(d => Section(task, d,
                    results.GetValueOrDefault(d.DepartmentId) is { } x && (x.Status != ResultStatus.Draft || caller.ActsFor(d.DepartmentId)) ? x : null,
                    teams.GetValueOrDefault(d.DepartmentId)?.InspectorIds ?? [])),
            },
        };
    }

    private static Proto.CheckRecordDepartment Section(InspectionTask task, TaskDepartment department, EntityResult? result, IReadOnlyList<string> team)
    {
        var entry = result?.Entry;
        var forms = task.FormsOf(department.DepartmentId);
        return new Proto.CheckRecordDepartment
        {
            DepartmentId = department.DepartmentId,
            ResultStatus = result is null ? Proto.ResultStatus.Unspecified : ToProto<ResultStatus, Proto.ResultStatus>(result.Status),
            CheckDates = { entry?.CheckDates.Select(d => Date(d)) ?? [] },
            Methods = { entry?.Methods.Select(ToProto<CheckMethod, Proto.CheckMethod>) ?? [] },
            Categories = { entry?.Categories.Select(ToProto<ResultCategory, Proto.ResultCategory>) ?? [] },
            InspectorIds = { entry?.InspectorIds ?? [] },
            MatchedInspectorIds = { team },
            Attachments = { entry?.Attachments.Select(a => new Proto.Attachment { Sha256 = a.Sha256, FileName = a.FileName, MediaType = a.MediaType }) ?? [] },
            Items =
            {
                department.Items.Select(item => new Proto.CheckRecordItem
                {
                    ItemId = item,
                    Outcome = entry?.Items.FirstOrDefault(o => o.ItemId == item) is { } o ? ToProto(o) : null,
                    Forms = { forms.Where(f => f.ItemId == item).SelectMany(f => f.Forms).Select(f => ToProto(f, entry?.FormValues ?? [])) },
                }),
            },
        };
    }

    private static Proto.CheckRecordForm ToProto(CheckForm form, IReadOnlyList<FormValue> values) => new()
    {
        FormId = form.FormId, FormCode = form.FormCode, Kind = form.Kind, Name = form.Name, Version = form.Version,
        Fields =
        {
            form.Fields.Select(f => new Proto.CheckRecordField
            {
                Key = f.Key, Label = f.Label, Type = FormLibrary.NameOf(f.Type), Required = f.Required, Options = { f.Options },
                Values = { values.FirstOrDefault(v => v.FormId == form.FormId && v.Key == f.Key)?.Values ?? [] },
            }),
        },
    };
}
