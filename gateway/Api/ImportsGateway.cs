using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>Imports and exports, streamed through to the directories service chunk by chunk.</summary>
[Authorize]
public sealed class ImportsGateway(DirectoryImports.DirectoryImportsClient directories) : DirectoryImports.DirectoryImportsBase
{
    public override async Task Import(IAsyncStreamReader<ImportChunk> requestStream, IServerStreamWriter<ImportJob> responseStream, ServerCallContext context)
    {
        using var call = directories.Import();
        var upload = Task.Run(async () =>
        {
            await foreach (var chunk in requestStream.ReadAllAsync(context.CancellationToken)) await call.RequestStream.WriteAsync(chunk);
            await call.RequestStream.CompleteAsync();
        });
        await foreach (var progress in call.ResponseStream.ReadAllAsync(context.CancellationToken)) await responseStream.WriteAsync(progress);
        await upload;
    }

    public override Task<ImportJob> GetImportJob(GetImportJobRequest request, ServerCallContext context) =>
        directories.GetImportJobAsync(request).ResponseAsync;

    public override Task<ListImportRejectionsResponse> ListImportRejections(ListImportRejectionsRequest request, ServerCallContext context) =>
        directories.ListImportRejectionsAsync(request).ResponseAsync;

    public override async Task ExportEntities(ExportEntitiesRequest request, IServerStreamWriter<FileChunk> responseStream, ServerCallContext context)
    {
        using var call = directories.ExportEntities(request);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(context.CancellationToken)) await responseStream.WriteAsync(chunk);
    }
}
