using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Tags;

/// <summary>What a tag category classifies: market entities (分类标注) or inspectors (specialties).</summary>
public enum TagSubject { Entity, Inspector }

public sealed record TagDefinition(string Code, string Name, bool Retired);

public sealed record TagCategoryDefined(string Category, string Name, TagSubject Subject, string OwnerDepartment, Caller By, DateTimeOffset At);

public sealed record TagAdded(string Category, string Code, string Name, Caller By, DateTimeOffset At);

/// <summary>A retired tag stays on the records that have it but can no longer be given.</summary>
public sealed record TagRetired(string Category, string Code, string Reason, Caller By, DateTimeOffset At);

/// <summary>
/// A category of the provincial tag library (标签字库), defined by a province-level department and used by
/// all levels below (stream and id "tags:category"). A tag is named "category/code" wherever it is used.
/// </summary>
public sealed record TagCategory(
    string Id, string Code, string Name, TagSubject Subject, string OwnerDepartment, IReadOnlyList<TagDefinition> Tags)
    : IAggregate<TagCategory>
{
    public long Version { get; set; }

    public static string StreamId(string category) => $"tags:{category}";

    public static TagCategory When(TagCategory? state, object @event) => (state, @event) switch
    {
        (null, TagCategoryDefined e) => new TagCategory(StreamId(e.Category), e.Category, e.Name, e.Subject, e.OwnerDepartment, []),
        ({ } s, TagAdded e) => s with { Tags = [.. s.Tags, new TagDefinition(e.Code, e.Name, false)] },
        ({ } s, TagRetired e) => s with { Tags = [.. s.Tags.Select(t => t.Code == e.Code ? t with { Retired = true } : t)] },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to tag category {state?.Id ?? "(new)"}"),
    };
}
