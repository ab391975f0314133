using System.Runtime.CompilerServices;
using System.Text;
using MiniExcelLibs;
using Npgsql;
using Shuangsuiji.Directories.Entities;
using Shuangsuiji.ServiceDefaults.Files;

namespace Shuangsuiji.Directories.Imports;

/// <summary>
/// A department's directory as a file: the entities it keeps (registered by it or below it) and those in its
/// sub-libraries. Same columns as the entity import, plus tags, sub-libraries and risk class, so an export can be
/// edited and imported back.
/// </summary>
public sealed class EntityExport(NpgsqlDataSource db, EntityTable table)
{
    private const int PageSize = 5_000;

    public static readonly string[] Header =
        ["uscc", "name", "type", "industry", "division", "address", "status", "registering_authority", "tags", "sub_libraries", "risk_class", "risk_since"];

    public async IAsyncEnumerable<MarketEntity> RowsAsync(string departmentId, IReadOnlySet<string> scope, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = "";
        while (true)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand($"""
                {table.SelectSql}
                where (registering_authority = any(@scope) or exists (select 1 from unnest(sub_libraries) l where l like @libraries))
                  and uscc > @after
                order by uscc limit {PageSize}
                """, connection);
            command.Parameters.AddWithValue("scope", scope.ToArray());
            command.Parameters.AddWithValue("libraries", $"{departmentId}/%");
            command.Parameters.AddWithValue("after", after);
            var page = (await table.ReadAsync(command, ct)).Values.OrderBy(e => e.Uscc, StringComparer.Ordinal).ToList();
            foreach (var entity in page) yield return entity;
            if (page.Count < PageSize) yield break;
            after = page[^1].Uscc;
        }
    }

    public static string?[] Values(MarketEntity e) =>
    [
        e.Uscc, e.Data.Name, Names.Of(e.Data.Type), e.Data.Industry, e.Data.Division, e.Data.Address, Names.Of(e.Status),
        e.Data.RegisteringAuthority, string.Join(';', e.Tags), string.Join(';', e.SubLibraries), e.Risk?.Class, e.Risk?.Since.ToString("yyyy-MM-dd"),
    ];

    public static async Task WriteCsvAsync(IAsyncEnumerable<MarketEntity> rows, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), 1 << 16, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', Header));
        await foreach (var row in rows.WithCancellation(ct))
            await writer.WriteLineAsync(Csv.Line(Values(row)));
    }

    /// <summary>Workbooks are written through a temporary file, which MiniExcel fills row by row.</summary>
    public static async Task WriteXlsxAsync(IAsyncEnumerable<MarketEntity> rows, Stream output, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ssyg-export-{Guid.NewGuid():N}.xlsx");
        try
        {
            var sheet = rows.ToBlockingEnumerable(ct).Select(row => Header.Zip(Values(row)).ToDictionary(p => p.First, p => (object?)p.Second));
            await Task.Run(() => MiniExcel.SaveAs(path, sheet), ct);
            await using var file = File.OpenRead(path);
            await file.CopyToAsync(output, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
