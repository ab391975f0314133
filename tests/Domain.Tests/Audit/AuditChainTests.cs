using System.Security.Cryptography;
using System.Text;
using Shuangsuiji.AuditTrail;

namespace Shuangsuiji.Domain.Tests.Audit;

/// <summary>The hash chain's pure functions: the canonical row of an event and the link of a stream's chain.</summary>
public sealed class AuditChainTests
{
    private static readonly string?[] Row =
    [
        "0196f6a0-0000-7000-8000-000000000001", "task:LH-01", "3", "42", "task_approved", "2026-05-01T02:03:04.000005Z",
        """{"by": {"role": "reviewer", "userId": "reviewer-130302-AMR"}, "taskId": "LH-01"}""", null,
        """{"role": "reviewer", "department": "130302-AMR"}""", "corr-1", "request:abc", "reviewer-130302-AMR", "*DEFAULT*", null,
    ];

    [Fact]
    public void An_events_hash_is_sha256_of_its_fields_each_after_a_nul_with_n_for_null_or_v_and_its_utf8_text()
    {
        var bytes = Row.SelectMany(f => f is null ? "\0n"u8.ToArray() : [.. "\0v"u8.ToArray(), .. Encoding.UTF8.GetBytes(f)]).ToArray();
        Assert.Equal(SHA256.HashData(bytes), AuditChain.EventHash(Row));
        // Computed elsewhere (Python's hashlib over b"\0v" + "秦皇岛".encode() + b"\0n"): the layout is part of every stored chain.
        Assert.Equal("94aa3150db9f41810f83756c59c045f45d9aa542997477cc1ff6b64c7439d242", Convert.ToHexStringLower(AuditChain.EventHash("秦皇岛", null)));
    }

    [Fact]
    public void Any_change_to_a_field_changes_the_hash_also_where_one_field_ends_and_null_against_empty()
    {
        var original = AuditChain.EventHash(Row);
        string?[] Changed(int field, string? value) => [.. Row.Select((f, i) => i == field ? value : f)];
        Assert.NotEqual(original, AuditChain.EventHash(Changed(6, Row[6]!.Replace("LH-01", "LH-02"))));
        Assert.NotEqual(original, AuditChain.EventHash(Changed(8, Row[8]!.Replace("130302-AMR", "130302-EEB"))));
        Assert.NotEqual(original, AuditChain.EventHash(Changed(11, "someone-else")));
        Assert.NotEqual(AuditChain.EventHash("ab", "c"), AuditChain.EventHash("a", "bc"));
        Assert.NotEqual(AuditChain.EventHash("a", null), AuditChain.EventHash("a", ""));
        Assert.Equal(original, AuditChain.EventHash([.. Row]));
    }

    [Fact]
    public async Task A_field_streamed_in_pieces_hashes_as_the_whole_text_even_when_a_character_straddles_two_pieces()
    {
        // 16 Ki chars a read: the emoji's surrogate pair is split between the first and the second read.
        var large = new string('a', 16 * 1024 - 1) + "😀" + string.Concat(Enumerable.Repeat("秦皇岛市双随机抽查", 5000));
        using var streamed = new CanonicalRow();
        streamed.Add("task:LH-01");
        await streamed.AddAsync(new StringReader(large), CancellationToken.None);
        streamed.Add(null);
        Assert.Equal(AuditChain.EventHash("task:LH-01", large, null), streamed.Hash());
    }

    [Fact]
    public void A_streams_chain_starts_from_the_first_event_hash_and_each_link_binds_the_one_before()
    {
        var (first, second) = (AuditChain.EventHash("1"), AuditChain.EventHash("2"));
        var one = AuditChain.Link([], first);
        Assert.Equal(SHA256.HashData(first), one);
        var two = AuditChain.Link(one, second);
        Assert.Equal(SHA256.HashData([.. one, .. second]), two);
        // Dropping or reordering an event gives another chain.
        Assert.NotEqual(two, AuditChain.Link([], second));
        Assert.NotEqual(two, AuditChain.Link(AuditChain.Link([], second), first));
    }
}
