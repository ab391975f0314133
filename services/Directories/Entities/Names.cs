using System.Text.Json;

namespace Shuangsuiji.Directories.Entities;

/// <summary>The lower-case names enumerations have in CSV files and on the bus ("individual_business").</summary>
public static class Names
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
