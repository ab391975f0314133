namespace Shuangsuiji.Contracts.Catalog;

/// <param name="Type">text, number, date, boolean, choice, multi_choice</param>
public sealed record FormFieldInfo(string Key, string Label, string Type, bool Required, IReadOnlyList<string> Options);
