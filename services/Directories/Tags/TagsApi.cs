using Grpc.Core;
using Marten;
using Shuangsuiji.Directories.Departments;
using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Directories.Tags;

public sealed class TagsApi(IDocumentStore store, Commands commands) : Proto.TagLibrary.TagLibraryBase
{
    public override async Task<Proto.TagCategory> DefineTagCategory(Proto.DefineTagCategoryRequest r, ServerCallContext call)
    {
        TagSubject? subject = r.Subject switch
        {
            Proto.TagSubject.Entity => TagSubject.Entity,
            Proto.TagSubject.Inspector => TagSubject.Inspector,
            _ => null,
        };
        return ToProto(await commands.Run<TagCategory, Department?>(call, TagCategory.StreamId(Require.Code(r.Category, "category")), null,
            (session, ctx, ct) => session.LoadAsync<Department>(ctx.Caller.DepartmentId, ct),
            (s, department, ctx) => TagDecider.DefineCategory(s, department, r.Category, r.Name, subject, ctx)));
    }

    public override Task<Proto.TagCategory> AddTag(Proto.AddTagRequest r, ServerCallContext call) =>
        Change(r.Category, call, (s, ctx) => TagDecider.AddTag(s, r.Category, r.Code, r.Name, ctx));

    public override Task<Proto.TagCategory> RetireTag(Proto.RetireTagRequest r, ServerCallContext call) =>
        Change(r.Category, call, (s, ctx) => TagDecider.RetireTag(s, r.Category, r.Code, r.Reason, ctx));

    public override async Task<Proto.ListTagCategoriesResponse> ListTagCategories(Proto.ListTagCategoriesRequest r, ServerCallContext call)
    {
        await using var query = store.QuerySession();
        var categories = await query.Query<TagCategory>().OrderBy(c => c.Code).ToListAsync(call.CancellationToken);
        return new Proto.ListTagCategoriesResponse
        {
            Categories =
            {
                categories.Where(c => r.Subject == Proto.TagSubject.Unspecified
                    || (r.Subject == Proto.TagSubject.Entity) == (c.Subject == TagSubject.Entity)).Select(ToProto),
            },
        };
    }

    private async Task<Proto.TagCategory> Change(string category, ServerCallContext call, Func<TagCategory?, CommandContext, IReadOnlyList<object>> decide) =>
        ToProto(await commands.Run(call, TagCategory.StreamId(Require.Code(category, "category")), null, decide));

    private static Proto.TagCategory ToProto(TagCategory c) => new()
    {
        Category = c.Code,
        Name = c.Name,
        Subject = c.Subject == TagSubject.Entity ? Proto.TagSubject.Entity : Proto.TagSubject.Inspector,
        OwnerDepartment = c.OwnerDepartment,
        Tags = { c.Tags.Select(t => new Proto.Tag { Code = t.Code, Name = t.Name, Retired = t.Retired }) },
        Version = c.Version,
    };
}
