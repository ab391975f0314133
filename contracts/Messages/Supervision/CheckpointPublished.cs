namespace Shuangsuiji.Contracts.Supervision;

/// <summary>
/// The supervising office's notary signed a head of the audit trail's Merkle tree (docs/audit-checkpoints.md), for the
/// disclosure service to publish. Hashes are lower-case hex; the signature is base64 of its DER.
/// </summary>
/// <param name="HighWater">each service's highest chain row sequence number in the tree</param>
/// <param name="Algorithm">ecdsa-p256-sha256 or sm2-sm3</param>
/// <param name="PublicKey">the signer's public key, PEM; its key id is the hex SHA-256 of its SubjectPublicKeyInfo</param>
/// <param name="ConsistencyProof">from the head of <paramref name="PreviousSize"/> to this one (RFC 6962 §2.1.2); empty for the first</param>
/// <param name="Version">the head's number in the notary's log</param>
/// <param name="SignedAt">the head's time, to the millisecond, as signed</param>
public sealed record CheckpointPublished(long TreeSize, string RootHash, long PreviousSize, IReadOnlyDictionary<string, long> HighWater, string KeyId,
    string Algorithm, string Signature, string PublicKey, IReadOnlyList<string> ConsistencyProof, long Version, DateTimeOffset SignedAt);
