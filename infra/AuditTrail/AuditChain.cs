using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Shuangsuiji.AuditTrail;

/// <summary>
/// The hash chain that makes a store's event log tamper-evident. Each stored event gets an event hash over its
/// canonical row (every column of mt_events that says what happened, who did it and in which order), and each
/// stream a chain: chain_hash(v) = SHA-256(chain_hash(v − 1) ‖ event_hash(v)), starting from nothing. The
/// chain writer and the verifier read the rows with the same select list and hash them with the same function,
/// so the two can only disagree when the stored row has changed.
/// </summary>
public static class AuditChain
{
    /// <summary>
    /// The canonical row of an event <c>e</c> of mt_events, as text: every column but is_archived (archiving a stream is
    /// a legitimate change). The forms PostgreSQL prints are fixed (jsonb's text form is deterministic; the time is
    /// printed in UTC to the microsecond it is stored with; bytes in hex), so the same row always reads as the same
    /// text, whatever the session's settings.
    /// </summary>
    public const string CanonicalColumns =
        "e.id::text, e.stream_id, e.version::text, e.seq_id::text, e.type, " +
        "to_char(e.timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " +
        "e.data::text, encode(e.bdata, 'hex'), e.headers::text, e.correlation_id, e.causation_id, e.user_name, e.tenant_id, e.mt_dotnet_type";

    public const int CanonicalColumnCount = 14;

    /// <summary>The hash of a canonical row given as text (<see cref="CanonicalColumns"/> in order; null for SQL null).</summary>
    public static byte[] EventHash(params string?[] fields)
    {
        using var row = new CanonicalRow();
        foreach (var field in fields) row.Add(field);
        return row.Hash();
    }

    /// <summary>
    /// The hash of the canonical row that starts at column <paramref name="first"/> of the reader's current row. The
    /// large columns (an import's 5,000 rows are one event) are hashed as they arrive: open the reader with
    /// <see cref="System.Data.CommandBehavior.SequentialAccess"/> and nothing holds a whole event.
    /// </summary>
    public static async Task<byte[]> EventHashAsync(NpgsqlDataReader reader, int first, CancellationToken ct)
    {
        using var row = new CanonicalRow();
        for (var column = first; column < first + CanonicalColumnCount; column++)
        {
            if (await reader.IsDBNullAsync(column, ct)) row.Add(null);
            else
            {
                using var text = reader.GetTextReader(column);
                await row.AddAsync(text, ct);
            }
        }
        return row.Hash();
    }

    /// <summary>The chain hash of an event: SHA-256 of the previous chain hash of its stream (none for the first) and its event hash.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> eventHash)
    {
        Span<byte> joined = stackalloc byte[previous.Length + eventHash.Length];
        previous.CopyTo(joined);
        eventHash.CopyTo(joined[previous.Length..]);
        return SHA256.HashData(joined);
    }
}

/// <summary>
/// SHA-256 over the fields, each as a NUL byte, then 'n' for SQL null or 'v' and its UTF-8 text. PostgreSQL text
/// never holds a NUL, so the byte string splits back into the same fields: no two rows share it.
/// </summary>
public sealed class CanonicalRow : IDisposable
{
    private static readonly byte[] NullField = [0, (byte)'n'];
    private static readonly byte[] ValueField = [0, (byte)'v'];
    private readonly IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Add(string? value)
    {
        sha.AppendData(value is null ? NullField : ValueField);
        if (value is not null) sha.AppendData(Encoding.UTF8.GetBytes(value));
    }

    public async Task AddAsync(TextReader value, CancellationToken ct)
    {
        sha.AppendData(ValueField);
        var encoder = new UTF8Encoding(false, true).GetEncoder();
        var chars = new char[16 * 1024];
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(chars.Length)];
        int read;
        do
        {
            read = await value.ReadAsync(chars, ct);
            // The encoder keeps a surrogate pair split between two reads until its second half arrives.
            var count = encoder.GetBytes(chars, 0, read, bytes, 0, flush: read == 0);
            sha.AppendData(bytes, 0, count);
        } while (read > 0);
    }

    public byte[] Hash() => sha.GetHashAndReset();

    public void Dispose() => sha.Dispose();
}
