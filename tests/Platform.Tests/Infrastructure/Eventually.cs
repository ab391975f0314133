namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>Waits for what the platform does asynchronously (relay, bus, consumer), failing with what it last saw.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int timeoutSeconds = 30)
    {
        // Elapsed time, not the date: a wait is the same on any day, and a clock set back or forward does not stretch it.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        T last;
        Exception? error = null;
        do
        {
            try
            {
                last = await probe();
                if (done(last)) return last;
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException)
            {
                error = e;
            }
            await Task.Delay(100);
        } while (waited.Elapsed < TimeSpan.FromSeconds(timeoutSeconds));
        throw new TimeoutException($"{what} did not happen within {timeoutSeconds} s" + (error is null ? "" : $"; last error: {error.Message}"));
    }
}
