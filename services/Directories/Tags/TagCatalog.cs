using Shuangsuiji.Kernel;

namespace Shuangsuiji.Directories.Tags;

/// <summary>The whole tag library, to check tags before they are given.</summary>
public sealed class TagCatalog(IEnumerable<TagCategory> categories)
{
    private readonly Dictionary<string, (TagSubject Subject, bool Retired)> tags = categories
        .SelectMany(c => c.Tags.Select(t => (Full: $"{c.Code}/{t.Code}", c.Subject, t.Retired)))
        .ToDictionary(t => t.Full, t => (t.Subject, t.Retired));

    public void RequireUsable(string tag, TagSubject subject, string field)
    {
        if (!tags.TryGetValue(tag, out var found))
            throw new InvalidFieldException(field, $"'{tag}' is not in the tag library (category/code)", $"“{tag}”不在标签字库中（类别/编码）",
                DirectoriesReasons.TagUnknown.About(tag));
        if (found.Subject != subject)
            throw new InvalidFieldException(field, $"'{tag}' is a tag for {found.Subject.ToString().ToLowerInvariant()}s",
                $"“{tag}”是用于{(found.Subject == TagSubject.Entity ? "市场主体" : "检查人员")}的标签", DirectoriesReasons.TagWrongSubject.About(tag, found.Subject.ToString().ToLowerInvariant()));
        if (found.Retired)
            throw new InvalidFieldException(field, $"'{tag}' is retired and can no longer be given", $"“{tag}”已停用，不能再使用", DirectoriesReasons.TagRetired.About(tag));
    }
}
