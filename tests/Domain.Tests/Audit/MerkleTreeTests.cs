using System.Security.Cryptography;
using Shuangsuiji.AuditTrail.Checkpoints;

namespace Shuangsuiji.Domain.Tests.Audit;

/// <summary>
/// The checkpoints' Merkle tree against the test vectors of Certificate Transparency (google/certificate-transparency,
/// the merkle tree tests of its C++ and Python code: python/ct/crypto/in_memory_merkle_tree_test.py): the eight leaves
/// below, the roots of their first 1..8, audit paths and consistency proofs. There the leaves of a path are numbered from
/// 0 (the C++ tests count from 1).
/// </summary>
public sealed class MerkleTreeTests
{
    private static readonly byte[][] Leaves =
        [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }.Select(Convert.FromHexString)];

    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static TheoryData<long, long, string[]> Paths => new()
    {
        { 0, 1, [] },
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                 "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        { 1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                 "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    public static TheoryData<long, long, string[]> Consistencies => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                 "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                 "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    /// <summary>MTH of the leaves, by RFC 6962's recursive definition, to compare the tree's stored-subtree evaluation with.</summary>
    private static byte[] Mth(IReadOnlyList<byte[]> leafHashes, long start, long end) =>
        end - start == 0 ? SHA256.HashData([])
        : end - start == 1 ? leafHashes[(int)start]
        : MerkleTree.NodeHash(Mth(leafHashes, start, start + MerkleTree.Split(end - start)), Mth(leafHashes, start + MerkleTree.Split(end - start), end));

    private static List<byte[]> Hashes(int count) => [.. Leaves.Take(count).Select(l => MerkleTree.LeafHash(l))];

    private static Func<int, long, byte[]> Subtrees(IReadOnlyList<byte[]> leafHashes) =>
        (level, index) => Mth(leafHashes, index << level, (index + 1) << level);

    private static List<byte[]> Evaluate(IEnumerable<LeafRange> ranges, IReadOnlyList<byte[]> leafHashes) =>
        [.. ranges.Select(r => MerkleTree.RangeHash(r, Subtrees(leafHashes)))];

    [Fact]
    public void The_roots_of_the_first_one_to_eight_leaves_are_certificate_transparencys_and_the_empty_tree_is_sha256_of_nothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.EmptyRoot));
        for (var n = 1; n <= 8; n++)
        {
            var hashes = Hashes(n);
            Assert.Equal(Roots[n - 1], Convert.ToHexStringLower(MerkleTree.RangeHash(new LeafRange(0, n), Subtrees(hashes))));
            Assert.Equal(Roots[n - 1], Convert.ToHexStringLower(Mth(hashes, 0, n)));
        }
    }

    [Fact]
    public void Appending_leaf_by_leaf_keeps_the_right_edge_whose_hashes_give_each_root_and_records_every_completed_subtree()
    {
        var edge = new List<(int Level, long Index, byte[] Hash)>();
        var stored = new Dictionary<(int, long), byte[]>();
        for (var i = 0; i < Leaves.Length; i++)
        {
            var hash = MerkleTree.LeafHash(Leaves[i]);
            stored[(0, i)] = hash;
            foreach (var node in MerkleTree.Append(edge, i, hash)) stored[(node.Level, node.Index)] = node.Hash;
            Assert.Equal(MerkleTree.Pieces(new LeafRange(0, i + 1)), edge.Select(e => (e.Level, e.Index)));
            Assert.Equal(Roots[i], Convert.ToHexStringLower(MerkleTree.RangeHash(new LeafRange(0, i + 1), (level, index) => stored[(level, index)])));
        }
        // 8 leaves, 4 + 2 + 1 subtrees above them.
        Assert.Equal(15, stored.Count);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Audit_paths_are_certificate_transparencys_and_verify(long index, long size, string[] expected)
    {
        var hashes = Hashes((int)size);
        var path = Evaluate(MerkleTree.AuditPath(index, size), hashes);
        Assert.Equal(expected, path.Select(Convert.ToHexStringLower));
        var root = Convert.FromHexString(Roots[size - 1]);
        Assert.True(MerkleTree.VerifyInclusion(index, size, hashes[(int)index], path, root));
        Assert.False(MerkleTree.VerifyInclusion(index, size, MerkleTree.LeafHash([0x42]), path, root));
        if (path.Count > 0) Assert.False(MerkleTree.VerifyInclusion(index, size, hashes[(int)index], path[..^1], root));
    }

    [Theory]
    [MemberData(nameof(Consistencies))]
    public void Consistency_proofs_are_certificate_transparencys_and_verify(long first, long second, string[] expected)
    {
        var hashes = Hashes((int)second);
        var proof = first == second ? [] : Evaluate(MerkleTree.ConsistencyProof(first, second), hashes);
        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        var (firstRoot, secondRoot) = (Convert.FromHexString(Roots[first - 1]), Convert.FromHexString(Roots[second - 1]));
        Assert.True(MerkleTree.VerifyConsistency(first, second, firstRoot, secondRoot, proof));
        if (first < second)
        {
            Assert.False(MerkleTree.VerifyConsistency(first, second, secondRoot, secondRoot, proof));
            Assert.False(MerkleTree.VerifyConsistency(first, second, firstRoot, firstRoot, proof));
        }
    }

    [Fact]
    public void Every_proof_between_sizes_up_to_forty_verifies_and_one_changed_hash_fails_it()
    {
        var hashes = Enumerable.Range(0, 40).Select(i => MerkleTree.LeafHash([(byte)i, (byte)(i * 7)])).ToList();
        for (var n = 1; n <= hashes.Count; n++)
        {
            var root = Mth(hashes, 0, n);
            for (var m = 0; m < n; m++)
            {
                var path = Evaluate(MerkleTree.AuditPath(m, n), hashes);
                Assert.True(MerkleTree.VerifyInclusion(m, n, hashes[m], path, root), $"leaf {m} of {n}");
                if (path.Count > 0)
                {
                    path[0] = MerkleTree.NodeHash(path[0], path[0]);
                    Assert.False(MerkleTree.VerifyInclusion(m, n, hashes[m], path, root));
                }
                var consistency = Evaluate(MerkleTree.ConsistencyProof(m + 1, n), hashes);
                Assert.True(MerkleTree.VerifyConsistency(m + 1, n, Mth(hashes, 0, m + 1), root, consistency), $"{m + 1} to {n}");
                if (consistency.Count > 0)
                {
                    consistency[^1] = MerkleTree.NodeHash(consistency[^1], consistency[^1]);
                    Assert.False(MerkleTree.VerifyConsistency(m + 1, n, Mth(hashes, 0, m + 1), root, consistency));
                }
            }
        }
    }

    [Fact]
    public void A_leaf_is_the_documented_text_and_its_hash_is_sha256_of_a_zero_byte_and_that_text()
    {
        var leaf = new CheckpointLeaf("tasks", "task:QHD-2026-001", 3, 42, "ab01");
        Assert.Equal("ssyg-audit-leaf-v1\ntasks\ntask:QHD-2026-001\n3\n42\nab01", leaf.Text);
        Assert.Equal(SHA256.HashData([0, .. System.Text.Encoding.UTF8.GetBytes(leaf.Text)]), leaf.Hash());
        Assert.Equal(CheckpointLeaf.Services.Order(StringComparer.Ordinal), CheckpointLeaf.Services);
    }
}
