using System.Text.Json;

namespace Shuangsuiji.Directories.Entities;

/// <summary>The lower-case names enumerations have in the table, in CSV files and on the bus ("individual_business").</summary>
public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static T? Parse<T>(string? name) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Of(v!.Value) == name);
}
