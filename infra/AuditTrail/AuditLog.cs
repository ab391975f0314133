namespace Shuangsuiji.AuditTrail;

/// <summary>A service's event log and the hash chain kept beside it, in the service's schema.</summary>
public sealed record AuditLog(string Service, string Schema)
{
    public string Events => $"{Schema}.mt_events";

    public string Streams => $"{Schema}.mt_streams";

    /// <summary>
    /// One row per chained event: its event hash and its stream's chain hash up to it. Indexed by sequence number too, for
    /// the checkpoints' notary, which reads the rows in that order from where it stopped.
    /// </summary>
    public string Chain => $"{Schema}.audit_chain";

    /// <summary>The daemon's checkpoints: every event at or below the chain writer's has a chain row.</summary>
    public string Progression => $"{Schema}.mt_event_progression";

    public const string ChainWriterProgress = AuditChainWriter.SubscriptionName + ":All";

    public string CreateStatements => $"""
        create table if not exists {Chain} (
            stream_id text not null,
            version bigint not null,
            seq_id bigint not null,
            event_hash bytea not null,
            chain_hash bytea not null,
            primary key (stream_id, version));
        create index if not exists audit_chain_seq_id on {Chain} (seq_id);
        """;
}
