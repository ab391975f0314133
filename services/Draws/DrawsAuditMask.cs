using Shuangsuiji.AuditTrail;

namespace Shuangsuiji.Draws;

/// <summary>
/// What the draw engine's audit trail never shows, not even to the supervising office: the secret the engine keeps for a
/// party, sealed (sealed) or, in draws committed before sealing, in clear (keptSecret). The engine reveals it at execution
/// (secret_revealed), when it joins the public record.
/// </summary>
public sealed class DrawsAuditMask : AuditMask
{
    public DrawsAuditMask() => Sealed("secret_committed", "keptSecret", "sealed");
}
