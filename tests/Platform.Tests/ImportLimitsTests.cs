using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// An import cannot take more than the directories allow (Directories:Imports): too many bytes, too many rows, a workbook
/// that unpacks to more than its limit (a zip bomb). Each is refused with the limit named; what was read before stays.
/// </summary>
public sealed class ImportLimitsTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);

    private async Task<(DirectoryImports.DirectoryImportsClient Imports, MarketEntities.MarketEntitiesClient Entities, string County, IAsyncDisposable Host)> Limited()
    {
        var city = await scenario.Department("130300-AMR", DepartmentLevel.City, "130300");
        var county = (await scenario.Department("130302-AMR", DepartmentLevel.County, "130302", city.DepartmentId)).DepartmentId;
        // A host of the directories with small limits, on the same store: the limits are each host's settings.
        var host = platform.StartService<Shuangsuiji.Directories.Departments.DepartmentsApi>("directories", new Dictionary<string, string?>
        {
            ["Directories:Imports:MaxFileBytes"] = "20000", ["Directories:Imports:MaxRows"] = "40", ["Directories:Imports:MaxXlsxUnpackedBytes"] = "1048576",
        }, replica: "limits");
        var channel = GrpcChannel.ForAddress(host.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = host.Server.CreateHandler() });
        return (new DirectoryImports.DirectoryImportsClient(channel), new MarketEntities.MarketEntitiesClient(channel), county, host);
    }

    private static async Task<RpcException> Refused(DirectoryImports.DirectoryImportsClient imports, string county, byte[] file, FileFormat format = FileFormat.Csv)
    {
        using var call = imports.Import(As(Scenario.StaffOf(county)));
        await call.RequestStream.WriteAsync(new ImportChunk { Header = new ImportHeader { DepartmentId = county, Kind = ImportKind.Entities, Format = format, FileName = "limits" } });
        try
        {
            foreach (var chunk in file.Chunk(8 * 1024)) await call.RequestStream.WriteAsync(new ImportChunk { Data = ByteString.CopyFrom(chunk) });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The service may answer before the whole file is sent: the answer is read below.
        }
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.ReadAllAsync().ToListAsync().AsTask());
    }

    private static string Reason(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason;

    [Fact]
    public async Task Too_many_rows_too_many_bytes_and_a_zip_bomb_are_refused_with_the_limit_named()
    {
        var (imports, entities, county, host) = await Limited();
        await using var _ = host;

        var rows = Enumerable.Range(0, 41).Select(_ => EntityFiles.Row(EntityFiles.NewCode(), county)).ToArray();
        var tooMany = await Refused(imports, county, Encoding.UTF8.GetBytes(EntityFiles.Csv(rows)));
        Assert.Equal((StatusCode.InvalidArgument, "TOO_MANY_ROWS"), (tooMany.StatusCode, Reason(tooMany)));
        Assert.Contains("40", tooMany.Status.Detail);

        var large = Enumerable.Range(0, 40).Select(_ => EntityFiles.Row(EntityFiles.NewCode(), county, name: new string('大', 200))).ToArray();
        var tooLarge = await Refused(imports, county, Encoding.UTF8.GetBytes(EntityFiles.Csv(large)));
        Assert.Equal((StatusCode.InvalidArgument, "FILE_TOO_LARGE"), (tooLarge.StatusCode, Reason(tooLarge)));
        Assert.Equal("20000", tooLarge.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["max_bytes"]);

        // Eight MiB of zeros packs into a few KiB: the workbook is refused before any of it is parsed.
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        await using (var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open())
            for (var i = 0; i < 8 * 1024; i++) await sheet.WriteAsync(new byte[1024]);
        Assert.InRange(bomb.Length, 1, 20000);
        var unpacked = await Refused(imports, county, bomb.ToArray(), FileFormat.Xlsx);
        Assert.Equal((StatusCode.InvalidArgument, "WORKBOOK_TOO_LARGE"), (unpacked.StatusCode, Reason(unpacked)));

        // Within the limits the same host imports as ever.
        using var call = imports.Import(As(Scenario.StaffOf(county)));
        await call.RequestStream.WriteAsync(new ImportChunk { Header = new ImportHeader { DepartmentId = county, Kind = ImportKind.Entities, FileName = "ok" } });
        await call.RequestStream.WriteAsync(new ImportChunk { Data = ByteString.CopyFrom(Encoding.UTF8.GetBytes(EntityFiles.Csv(rows[..40]))) });
        await call.RequestStream.CompleteAsync();
        var done = (await call.ResponseStream.ReadAllAsync().ToListAsync())[^1];
        Assert.Equal((ImportStatus.Completed, 40), (done.Status, done.Added));
        Assert.Equal(rows[0][..18], (await entities.GetEntityAsync(new GetEntityRequest { Uscc = rows[0][..18] }, As(Scenario.StaffOf(county)))).Uscc);
    }
}
