using Grpc.Core;

namespace Shuangsuiji.Demo;

/// <summary>The demo's waits for what travels over the bus between the services (at most 30 s each, unless said).</summary>
public static class Patience
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    /// <summary>Reads until the answer is as wanted.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 30)
    {
        for (var attempt = 0; ; attempt++)
        {
            var value = await read();
            if (done(value)) return value;
            if (attempt == Tries(seconds)) throw new InvalidOperationException($"{what} has not happened after {seconds} s");
            await Task.Delay(Pause);
        }
    }

    /// <summary>Sends a command again while it fails for want of a fact that has not arrived yet (<paramref name="waiting"/> in its message).</summary>
    public static async Task<T> Retry<T>(Func<Task<T>> command, string waiting, int seconds = 30)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await command();
            }
            catch (RpcException e) when (attempt < Tries(seconds) && e.Status.Detail.Contains(waiting))
            {
                await Task.Delay(Pause);
            }
        }
    }

    private static int Tries(int seconds) => seconds * 1000 / (int)Pause.TotalMilliseconds;
}
