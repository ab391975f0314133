using Grpc.Core;
using Shuangsuiji.Workbench.Platform;

namespace Shuangsuiji.Workbench.Admin;

/// <summary>A form's command, sent under the request id the form was shown with; a refusal comes back to be shown, and the retry is a new command.</summary>
public static class AdminCommand
{
    public static async Task<ServiceError?> SendAsync(AdminForm posted, Func<CallOptions, Task> call, CancellationToken ct)
    {
        try
        {
            await call(GatewayClients.Command(posted.RequestId, ct));
            return null;
        }
        catch (RpcException e)
        {
            posted.RequestId = Guid.NewGuid().ToString("N");
            return ServiceError.Of(e);
        }
    }
}
