using Marten;
using Npgsql;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure;

/// <summary>
/// Public records, readable without a token. One partial class per feature folder; everything it returns is
/// built from the public projections only, which hold nothing private to begin with.
/// </summary>
public sealed partial class PublicRecordsApi(IDocumentStore store, NpgsqlDataSource db, Results.PublicTables tables, TimeProvider clock)
    : Proto.PublicRecords.PublicRecordsBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>Today in China (UTC+8), where the dates of the records fall.</summary>
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd") ?? "";

    private static Proto.PublicScope ToProto(Contracts.Tasks.PublicScope s) => new()
    {
        Divisions = { s.Divisions }, Industries = { s.Industries }, EntityTypes = { s.EntityTypes }, Tags = { s.Tags }, SubLibraries = { s.SubLibraries },
    };

    /// <summary>Offset paging: the token is the offset of the next page, so a client can resume anywhere.</summary>
    private static (int Offset, int Size) Page(int pageSize, string pageToken)
    {
        var size = pageSize <= 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        if (string.IsNullOrEmpty(pageToken)) return (0, size);
        return int.TryParse(pageToken, out var offset) && offset >= 0
            ? (offset, size)
            : throw new InvalidFieldException("page_token", "is not a token this API returned", "不是本接口返回的分页标记");
    }

    private static string NextToken(int offset, int size, int total) => offset + size < total ? (offset + size).ToString() : "";
}
