using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuangsuiji.Api.Audit.V1;
using Shuangsuiji.Api.Checkpoints.V1;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Audit;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.AuditTrail.Checkpoints;
using Shuangsuiji.Supervision.Checkpoints;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// The audit trail's published checkpoints: the notary's signed heads over every store's chain rows, published by the
/// disclosure service, their proofs through the gateway, and audit-verify against a head — which catches the rewrite
/// that the chains alone cannot: an event edited and its stream's chain recomputed.
/// </summary>
public sealed class CheckpointTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IDisposable
{
    private readonly Scenario scenario = new(platform);
    private readonly DirectoryInfo files = Directory.CreateTempSubdirectory("checkpoints-");
    private Api.Checkpoints.V1.Notary.NotaryClient Notary => new(platform.GatewayChannel);
    private PublishedCheckpoints.PublishedCheckpointsClient Published => new(platform.GatewayChannel);

    private IServiceProvider[] Hosts =>
    [
        platform.Catalog.Services, platform.Directories.Services, platform.Disclosure.Services, platform.Draws.Services, platform.Supervision.Services,
        platform.Tasks.Services, platform.Identity.Services,
    ];

    public void Dispose() => files.Delete(true);

    /// <summary>The seven stores of this class's platform, as infra/dev.sh audit-verify names them (each in its schema here).</summary>
    private string[] Stores() =>
        [.. Hosts.Select(s => s.GetRequiredService<AuditLog>()).Select(log => $"{log.Service}/{log.Schema}={TestEnvironment.Postgres}")];

    /// <summary>A department created and renamed twice: a stream of three versions in the directories' store.</summary>
    private async Task<string> RenamedDepartment(string code)
    {
        var id = (await scenario.Department(code, DepartmentLevel.City, "130300")).DepartmentId;
        foreach (var name in new[] { "秦皇岛市市场监督管理局", "秦皇岛市市场监督管理局（知识产权局）" })
            await platform.Departments.RenameDepartmentAsync(new RenameDepartmentRequest { DepartmentId = id, Name = name, Reason = "机构改革", EffectiveOn = "2026-01-01" },
                As(Scenario.Office));
        return id;
    }

    /// <summary>Waits until every store's chain has caught up with its log.</summary>
    private async Task Chained()
    {
        await using var db = NpgsqlDataSource.Create(TestEnvironment.Postgres);
        foreach (var log in Hosts.Select(s => s.GetRequiredService<AuditLog>()))
            await Eventually.Get(async () =>
            {
                await using var command = db.CreateCommand($"""
                    select coalesce((select last_seq_id from {log.Progression} where name = '{AuditLog.ChainWriterProgress}'), 0)
                           >= (select coalesce(max(seq_id), 0) from {log.Events})
                    """);
                return (bool)(await command.ExecuteScalarAsync())!;
            }, caught => caught, $"the {log.Service} chain catching up with its log");
    }

    /// <summary>A head signed on the office's demand over everything chained so far, once the disclosure service has published it.</summary>
    private async Task<SignedCheckpoint> Checkpoint()
    {
        await Chained();
        var head = await Notary.CreateCheckpointAsync(new CreateCheckpointRequest(), As(Scenario.Office));
        await Eventually.Get(() => Published.GetCheckpointAsync(new GetCheckpointRequest { TreeSize = head.TreeSize }).ResponseAsync, _ => true,
            $"the head of size {head.TreeSize} published");
        return head;
    }

    /// <summary>A public document of the gateway as JSON, saved to a file (as anyone would with curl).</summary>
    private async Task<string> Save(string path, string name)
    {
        using var http = platform.Http();
        var response = await http.GetAsync(path);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {json}");
        var file = Path.Combine(files.FullName, name);
        await File.WriteAllTextAsync(file, json);
        return file;
    }

    private async Task<(int Exit, string[] Lines)> Verify(CheckpointCheck? check = null)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await VerifyCommand.RunAsync(Stores(), output, errors, CancellationToken.None, check);
        Assert.True(errors.ToString() == "", errors.ToString());
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Recomputes a stream's chain rows from its events as they now are, with the chain's own hashing: what a forger would do.</summary>
    private static async Task Rechain(NpgsqlDataSource db, AuditLog log, string stream)
    {
        var rows = new List<(long Version, byte[] EventHash, byte[] ChainHash)>();
        await using (var command = db.CreateCommand($"select e.version, {AuditChain.CanonicalColumns} from {log.Events} e where e.stream_id = $1 order by e.version"))
        {
            command.Parameters.AddWithValue(stream);
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess);
            byte[] previous = [];
            while (await reader.ReadAsync())
            {
                var version = reader.GetInt64(0);
                var eventHash = await AuditChain.EventHashAsync(reader, 1, CancellationToken.None);
                rows.Add((version, eventHash, previous = AuditChain.Link(previous, eventHash)));
            }
        }
        foreach (var (version, eventHash, chainHash) in rows)
        {
            await using var update = db.CreateCommand($"update {log.Chain} set event_hash = $3, chain_hash = $4 where stream_id = $1 and version = $2");
            update.Parameters.AddWithValue(stream);
            update.Parameters.AddWithValue(version);
            update.Parameters.AddWithValue(eventHash);
            update.Parameters.AddWithValue(chainHash);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
    }

    [Fact]
    public async Task A_consistent_forgery_passes_the_chains_but_not_the_head_published_before_it()
    {
        var department = await RenamedDepartment("130300-FORGE");
        var head = await Checkpoint();
        var file = await Save($"/v1/public/checkpoints/{head.TreeSize}", "head.json");
        var (intact, intactLines) = await Verify(new CheckpointCheck(file));
        Assert.Equal((0, $"audit-verify: the stores hold the head of size {head.TreeSize} signed {head.Time} by key {platform.NotaryKey.KeyId} (ecdsa-p256-sha256)"),
            (intact, intactLines[^1]));
        // The head's address will do as well as the file (audit-verify --checkpoint URL), through a gateway on a real port.
        await using var gateway = platform.StartGateway(onLoopback: true);
        var address = $"{gateway.ClientOptions.BaseAddress}v1/public/checkpoints/{head.TreeSize}";
        var (byUrl, urlLines) = await Verify(new CheckpointCheck(address));
        Assert.Equal((0, intactLines[^1]), (byUrl, urlLines[^1]));
        var (noHead, noHeadErrors) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, await VerifyCommand.RunAsync(Stores(), noHead, noHeadErrors, CancellationToken.None,
            new CheckpointCheck($"{gateway.ClientOptions.BaseAddress}v1/public/checkpoints/{head.TreeSize + 1_000_000}")));
        Assert.StartsWith("audit-verify: cannot read the checkpoint http://", noHeadErrors.ToString());

        // The forger can write the directories' database: the department's first name is changed, and its stream's chain recomputed.
        var log = platform.Directories.Services.GetRequiredService<AuditLog>();
        await using var db = NpgsqlDataSource.Create(TestEnvironment.Postgres);
        async Task<string> Data()
        {
            await using var read = db.CreateCommand($"select data::text from {log.Events} where stream_id = $1 and version = 1");
            read.Parameters.AddWithValue(department);
            return (string)(await read.ExecuteScalarAsync())!;
        }
        async Task SetData(string json)
        {
            await using var update = db.CreateCommand($"update {log.Events} set data = $2::jsonb where stream_id = $1 and version = 1");
            update.Parameters.AddWithValue(department);
            update.Parameters.AddWithValue(json);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
            await Rechain(db, log, department);
        }
        var original = await Data();
        await SetData(original.Replace("130300-FORGE 部门", "伪造的部门"));
        try
        {
            var (chains, chainLines) = await Verify();
            Assert.Equal(0, chains);
            Assert.StartsWith("audit-verify: every chain holds in catalog, directories, disclosure, draws, supervision, tasks", Assert.Single(chainLines));

            var (against, found) = await Verify(new CheckpointCheck(file));
            Assert.Equal(1, against);
            Assert.StartsWith("audit-verify: every chain holds", found[0]);
            var problems = found[1..^1];
            Assert.Equal([1L, 2L, 3L], problems.Select(p => long.Parse(p.Split(' ')[3].TrimEnd(':'))));
            Assert.All(problems, p => Assert.StartsWith($"directories {department} version ", p));
            Assert.Contains("the chain row is not the one leaf", problems[0]);
            Assert.Contains("was rewritten after the head was signed", problems[0]);
            Assert.Equal($"audit-verify: the stores differ from the head of size {head.TreeSize} signed {head.Time} by key {head.KeyId} (ecdsa-p256-sha256) in 3 place(s)",
                found[^1]);
            Assert.Equal(found, (await Verify(new CheckpointCheck(address))).Lines);
        }
        finally
        {
            await SetData(original);
        }
        Assert.Equal(0, (await Verify(new CheckpointCheck(file))).Exit);
    }

    [Fact]
    public async Task Consistency_and_inclusion_proofs_through_the_gateway_verify_with_the_merkle_code_and_the_documented_python()
    {
        await RenamedDepartment("130300-FIRST");
        var first = await Checkpoint();
        var department = await RenamedDepartment("130300-PROOF");
        var second = await Checkpoint();
        Assert.Equal(first.TreeSize, second.PreviousSize);
        Assert.True(second.TreeSize > first.TreeSize);
        Assert.Equal(first.KeyId, second.KeyId);

        var consistency = await Save($"/v1/public/checkpoint-proofs/consistency?first={first.TreeSize}&second={second.TreeSize}", "consistency.json");
        var hashes = JsonDocument.Parse(await File.ReadAllTextAsync(consistency)).RootElement.GetProperty("hashes").EnumerateArray()
            .Select(h => Convert.FromHexString(h.GetString()!)).ToList();
        Assert.True(MerkleTree.VerifyConsistency(first.TreeSize, second.TreeSize, Convert.FromHexString(first.RootHash), Convert.FromHexString(second.RootHash), hashes));
        Assert.Equal(second.ConsistencyProof, hashes.Select(Convert.ToHexStringLower));

        var inclusion = await Save($"/v1/public/checkpoint-proofs/inclusion?service=directories&streamId={department}&version=2&treeSize={second.TreeSize}", "inclusion.json");
        var proof = JsonDocument.Parse(await File.ReadAllTextAsync(inclusion)).RootElement;
        var leaf = proof.GetProperty("leaf").GetString()!;
        Assert.StartsWith($"ssyg-audit-leaf-v1\ndirectories\n{department}\n2\n", leaf);
        var rows = await new Shuangsuiji.Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel).ListChainRowsAsync(new ListChainRowsRequest { Service = "directories" }, As(Scenario.Office));
        Assert.Equal(rows.Rows.Single(r => r.StreamId == department && r.Version == 2).ChainHash, leaf.Split('\n')[^1]);
        // A 64-bit number may come as a JSON string or number; its text is the same.
        Assert.True(MerkleTree.VerifyInclusion(long.Parse(proof.GetProperty("leafIndex").ToString()), second.TreeSize,
            MerkleTree.LeafHash(Encoding.UTF8.GetBytes(leaf)), [.. proof.GetProperty("auditPath").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!))],
            Convert.FromHexString(second.RootHash)));
        var later = await Assert.ThrowsAsync<RpcException>(() => Notary.GetInclusionProofAsync(new GetInclusionProofRequest
            { Service = "directories", StreamId = department, Version = 2, TreeSize = first.TreeSize }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, later.StatusCode);
        Assert.Contains($"after the tree of {first.TreeSize}", later.Status.Detail);
        var beyond = await Assert.ThrowsAsync<RpcException>(() => Notary.GetConsistencyProofAsync(new GetConsistencyProofRequest
            { First = 1, Second = second.TreeSize + 1_000_000 }).ResponseAsync);
        Assert.StartsWith("second:", beyond.Status.Detail);

        // docs/audit-checkpoints.py checks the same files, and the signature under the key the portal publishes.
        var (old, @new) = (await Save($"/v1/public/checkpoints/{first.TreeSize}", "old.json"), await Save($"/v1/public/checkpoints/{second.TreeSize}", "new.json"));
        Assert.Equal((0, $"OK: the tree of {second.TreeSize} leaves extends the tree of {first.TreeSize}"), await Python("consistency", old, @new, consistency));
        Assert.StartsWith("OK: leaf ", (await Python("inclusion", @new, inclusion)).Output);
        var (pinned, otherKey) = (Path.Combine(files.FullName, "notary.pem"), Path.Combine(files.FullName, "other.pem"));
        await File.WriteAllTextAsync(pinned, platform.NotaryKey.PublicKeyPem);
        await File.WriteAllTextAsync(otherKey, System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem());
        var signedBy = $"the head of size {second.TreeSize} is signed by key {second.KeyId}";
        Assert.Equal((0, $"OK: {signedBy}"), await Python("signature", @new));
        Assert.Equal((0, $"OK: {signedBy}"), await Python("signature", @new, pinned));
        Assert.Equal((1, $"FAILED: not so: {signedBy}"), await Python("signature", @new, otherKey));
        var rewritten = Path.Combine(files.FullName, "rewritten.json"); // the older head with the newer root under its signature
        await File.WriteAllTextAsync(rewritten, (await File.ReadAllTextAsync(old)).Replace(first.RootHash, second.RootHash));
        Assert.Equal((1, $"FAILED: not so: the head of size {first.TreeSize} is signed by key {first.KeyId}"), await Python("signature", rewritten));
        await File.WriteAllTextAsync(consistency, (await File.ReadAllTextAsync(consistency)).Replace(second.ConsistencyProof[0], new string('0', 64)));
        Assert.Equal(1, (await Python("consistency", old, @new, consistency)).Exit);
        Assert.Equal(1, (await Python("inclusion", old, inclusion)).Exit);
    }

    [Fact]
    public async Task The_portal_lists_the_heads_with_the_public_key_and_the_export_carries_each_head_as_a_line()
    {
        await RenamedDepartment("130300-PORTAL");
        var head = await Checkpoint();

        using var http = platform.Http();
        var page = await http.GetAsync("/portal/checkpoints");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains($"<tr id=\"checkpoint-{head.TreeSize}\">", html);
        Assert.Contains(head.RootHash, html);
        Assert.Contains(head.KeyId, html);
        Assert.Contains(platform.NotaryKey.PublicKeyPem.Split('\n')[1], html);
        Assert.Contains("<a href=\"/portal/checkpoints\">审计检查点</a>", html);
        Assert.DoesNotContain("<script", html);

        var latest = SignedHead.Parse(await http.GetStringAsync("/v1/public/checkpoints/latest")).Head;
        Assert.True(latest.TreeSize >= head.TreeSize);
        var listed = await Published.ListCheckpointsAsync(new ListCheckpointsRequest { PageSize = 1 });
        Assert.Equal(latest.TreeSize, Assert.Single(listed.Checkpoints).TreeSize);

        var line = await Eventually.Get(async () => (await http.GetStringAsync("/v1/public/results:export")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.Clone())
                .FirstOrDefault(l => l.GetProperty("kind").GetString() == "checkpoint" && l.GetProperty("checkpoint").GetProperty("treeSize").GetInt64() == head.TreeSize),
            l => l.ValueKind == JsonValueKind.Object, "the head in the export");
        Assert.False(line.TryGetProperty("uscc", out _));
        var exported = SignedHead.Parse(line.GetRawText());
        Assert.Equal((head.RootHash, head.Time), (exported.Head.RootHash, TreeHead.TimeText(exported.Head.Time)));
        Assert.Null(exported.SignatureProblem(platform.NotaryKey.PublicKeyPem));
        var csv = await http.GetStringAsync("/v1/public/results:export?format=csv");
        Assert.EndsWith(",tree_size,root_hash", csv.Split('\n')[0].TrimEnd('\r'));
        Assert.Contains(csv.Split('\n'), row => row.Contains(",checkpoint,") && row.TrimEnd('\r').EndsWith($",{head.TreeSize},{head.RootHash}"));
    }

    [Fact]
    public async Task A_head_signed_by_another_key_is_refused_and_a_pinned_key_must_be_the_signers()
    {
        await RenamedDepartment("130300-KEY");
        var head = await Checkpoint();
        var file = await Save($"/v1/public/checkpoints/{head.TreeSize}", "head.json");
        var other = CheckpointSigner.FromPem(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem(),
            CheckpointAlgorithms.EcdsaP256);
        var (pinned, otherKey) = (Path.Combine(files.FullName, "notary.pem"), Path.Combine(files.FullName, "other.pem"));
        await File.WriteAllTextAsync(pinned, platform.NotaryKey.PublicKeyPem);
        await File.WriteAllTextAsync(otherKey, other.PublicKeyPem);

        var (exit, lines) = await Verify(new CheckpointCheck(file, pinned));
        Assert.Equal((0, true), (exit, lines[^1].EndsWith(", the pinned key")));
        (exit, lines) = await Verify(new CheckpointCheck(file, otherKey));
        Assert.Equal((1, $"checkpoint: refused: the head is signed by key {head.KeyId}, not by the pinned key {other.KeyId}"), (exit, lines[^1]));

        // The same head with another key's signature over its text: it no longer verifies under the key it names.
        var forged = SignedHead.Parse(await File.ReadAllTextAsync(file));
        var json = (await File.ReadAllTextAsync(file)).Replace(head.Signature, Convert.ToBase64String(other.Sign(Encoding.UTF8.GetBytes(forged.Head.SignedText))));
        await File.WriteAllTextAsync(file, json);
        (exit, lines) = await Verify(new CheckpointCheck(file));
        Assert.Equal((1, $"checkpoint: refused: the signature does not verify under key {head.KeyId}: the head was not signed by that key as it reads"),
            (exit, lines[^1]));
    }

    [Fact]
    public async Task The_hourly_job_signs_a_head_an_hour_after_the_last_as_the_notary_and_the_office_alone_may_ask_for_one()
    {
        await RenamedDepartment("130300-HOURLY");
        var before = await Checkpoint();
        platform.Clock.Advance(TimeSpan.FromMinutes(61));
        var hourly = await Eventually.Get(() => Published.GetLatestCheckpointAsync(new GetLatestCheckpointRequest()).ResponseAsync,
            h => h.TreeSize > before.TreeSize, "a head signed by the hourly job");
        Assert.Equal(before.TreeSize, hourly.PreviousSize);
        Assert.True(DateTimeOffset.Parse(hourly.Time) - DateTimeOffset.Parse(before.Time) >= TimeSpan.FromMinutes(60));
        await using var query = platform.Supervision.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var signed = (await query.Events.FetchStreamAsync(CheckpointLog.StreamId)).Select(e => (Head: (CheckpointSigned)e.Data, e.UserName)).ToList();
        Assert.Equal((Scenario.Office, Scenario.Office.UserId), (signed.Single(s => s.Head.TreeSize == before.TreeSize).Head.By, signed.Single(s => s.Head.TreeSize == before.TreeSize).UserName));
        var byJob = signed.Single(s => s.Head.TreeSize == hourly.TreeSize);
        Assert.Equal((ChainSources.NotaryUser, Scenario.Office.DepartmentId, Roles.Supervisor, ChainSources.NotaryUser),
            (byJob.Head.By.UserId, byJob.Head.By.DepartmentId, byJob.Head.By.Role, byJob.UserName));

        var staff = await Assert.ThrowsAsync<RpcException>(() => Notary.CreateCheckpointAsync(new CreateCheckpointRequest(), As(Scenario.StaffOf("130300-AMR"))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, staff.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Notary.CreateCheckpointAsync(new CreateCheckpointRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        var chain = new Shuangsuiji.Api.Audit.V1.AuditTrail.AuditTrailClient(platform.GatewayChannel);
        var rows = await Assert.ThrowsAsync<RpcException>(() => chain.ListChainRowsAsync(new ListChainRowsRequest { Service = "tasks" }, As(Scenario.StaffOf("130300-AMR"))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, rows.StatusCode);
        var limit = await Assert.ThrowsAsync<RpcException>(() => chain.ListChainRowsAsync(new ListChainRowsRequest { Service = "tasks", Limit = 10_001 }, As(Scenario.Office)).ResponseAsync);
        Assert.StartsWith("limit:", limit.Status.Detail);
    }

    /// <summary>Runs docs/audit-checkpoints.py, which must write nothing to stderr.</summary>
    private static async Task<(int Exit, string Output)> Python(params string[] arguments)
    {
        var (exit, output, errors) = await DocumentedPython.Script("audit-checkpoints.py", arguments);
        Assert.True(errors == "", errors);
        return (exit, output.Trim());
    }
}
