using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Shuangsuiji.Api.Draws.V1;

namespace Shuangsuiji.Demo;

/// <summary>
/// The public randomness of the demo's draws. A real draw names a public source whose value is known only after its
/// commit deadline (福彩3D of a named issue, a drand round); the demo cannot wait for one, so it declares a source that
/// says what it is and the office enters a random value once commitments have closed — the order the rules require.
/// </summary>
public static class DemoBeacon
{
    /// <summary>Commitments close this long after a demo draw is prepared.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    public static PublicRandomness Randomness => new() { Source = "演示随机值（非公开来源，仅供演示）", Round = $"{DateTime.UtcNow:yyyyMMddHHmmss}" };

    public static Timestamp Deadline() => Timestamp.FromDateTime(DateTime.UtcNow + Window);

    /// <summary>Waits until the draw's commitments have closed, then enters the value as the office; returns it.</summary>
    public static async Task<string> EnterAsync(Api.Draws.V1.Draws.DrawsClient draws, Draw draw, Metadata office)
    {
        var left = draw.CommitDeadline.ToDateTime() - DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
        if (left > TimeSpan.Zero) await Task.Delay(left);
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await draws.RecordPublicValueAsync(new RecordPublicValueRequest { DrawId = draw.DrawId, Value = value }, office);
        return value;
    }
}
