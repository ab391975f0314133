using Marten;
using MassTransit;
using Shuangsuiji.Contracts.Catalog;
using Shuangsuiji.ServiceDefaults.Messaging;

namespace Shuangsuiji.Tasks.Forms;

/// <summary>The tasks service's copy of the catalog's form library (表格库), newest version of each form and claim.</summary>
public static class FormLibrary
{
    /// <summary>The known forms and claims behind the given items, following each claim up to the item it came from.</summary>
    public static async Task<(IReadOnlyCollection<KnownForm> Forms, IReadOnlyDictionary<string, KnownClaim> Claims)> ForItemsAsync(
        IQuerySession session, IEnumerable<string> items, CancellationToken ct)
    {
        var claims = new Dictionary<string, KnownClaim>();
        var itemIds = new HashSet<string>(items);
        // Claim chains are as long as the levels (province → city → county), so this loops at most a few times.
        for (var next = itemIds.ToArray(); next.Length > 0;)
        {
            var found = await session.LoadManyAsync<KnownClaim>(ct, next);
            foreach (var claim in found) claims[claim.Id] = claim;
            next = [.. found.Where(c => !c.Withdrawn && itemIds.Add(c.SourceItemId)).Select(c => c.SourceItemId)];
        }
        var ids = itemIds.ToArray();
        var forms = await session.Query<KnownForm>().Where(f => f.Form.ItemId.IsOneOf(ids)).ToListAsync(ct);
        return (forms, claims);
    }

    public static FieldType TypeOf(string name) => name switch
    {
        "multi_choice" => FieldType.MultiChoice,
        _ when Enum.TryParse<FieldType>(name, true, out var type) => type,
        _ => throw new InvalidOperationException($"the catalog sent an unknown field type '{name}'"),
    };

    public static string NameOf(FieldType type) => type == FieldType.MultiChoice ? "multi_choice" : type.ToString().ToLowerInvariant();
}

public sealed class FormTemplateChangedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<FormTemplateChanged>(store, clock)
{
    protected override async Task Handle(FormTemplateChanged m, IDocumentSession session, ConsumeContext<FormTemplateChanged> context)
    {
        var known = await session.LoadAsync<KnownForm>(m.FormId, context.CancellationToken);
        if (known?.Form.Version >= m.Version) return;
        var fields = m.Fields.Select(f => new FormField(f.Key, f.Label, FormLibrary.TypeOf(f.Type), f.Required, f.Options));
        session.Store(new KnownForm(m.FormId, m.DepartmentId, new CheckForm(m.FormId, m.ItemId, m.FormCode, m.Kind, m.Name, [.. fields], m.Version)));
    }
}

public sealed class ItemClaimChangedConsumer(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<ItemClaimChanged>(store, clock)
{
    protected override async Task Handle(ItemClaimChanged m, IDocumentSession session, ConsumeContext<ItemClaimChanged> context)
    {
        var known = await session.LoadAsync<KnownClaim>(m.ItemId, context.CancellationToken);
        if (known?.Version >= m.Version) return;
        session.Store(new KnownClaim(m.ItemId, m.SourceItemId, m.Withdrawn, m.Version));
    }
}
