using System.Globalization;
using Shuangsuiji.Disclosure.Checkpoints;
using Proto = Shuangsuiji.Api.Checkpoints.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// The portal's page of the audit trail's signed checkpoints (审计检查点): what a head is, the signer's public key, how to
/// check a head and its proofs, and the heads, newest first.
/// </summary>
public static class CheckpointPages
{
    private const int PageSize = 50;

    public static async Task<Page> List(HttpContext http, string? before)
    {
        var api = ActivatorUtilities.CreateInstance<PublishedCheckpointsApi>(http.RequestServices);
        var heads = await api.ListCheckpoints(new Proto.ListCheckpointsRequest { PageSize = PageSize, PageToken = before ?? "" }, new PortalCallContext(http));
        var keys = heads.Checkpoints.DistinctBy(h => h.KeyId).ToList();
        var next = heads.NextPageToken is { Length: > 0 } token
            ? (Html)$"<p><a rel=\"next\" href=\"{Links.WithQuery(Links.CheckpointsPath, ("before", token))}\">更早的检查点</a></p>"
            : Html.Empty;
        return new Page("审计检查点", $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › 审计检查点</p>
            <h1>审计检查点（签名树头）</h1>
            <p>平台各服务的每一个事件（谁在何时做了什么）都按记录逐条做了哈希链。市双随机办的公证程序定期（默认每小时）把各服务新增的哈希链记录，{""
            }按服务名称顺序（catalog、directories、disclosure、draws、supervision、tasks）追加到同一棵只增不改的默克尔树（RFC 6962）中，{""
            }并对树的大小和根哈希签名，这就是一个检查点。检查点公布后，即使有人能改写数据库并重新计算哈希链，{""
            }重新计算出的树根也与已公布的检查点不符，改写因此可被发现。</p>
            <h2 id="keys">签名公钥</h2>
            {(keys.Count == 0 ? (Html)$"<p>暂无公布的检查点。</p>" : Html.Join(Html.Empty, keys.Select(k => (Html)$"""
                <section class="key">
                <dl>
                <dt>密钥标识</dt><dd data-field="key-id"><code>{k.KeyId}</code>（公钥 SubjectPublicKeyInfo 的 SHA-256）</dd>
                <dt>签名算法</dt><dd data-field="algorithm">{Algorithm(k.Algorithm)}</dd>
                </dl>
                <pre data-field="public-key">{k.PublicKey}</pre>
                </section>
                """)))}
            <h2 id="how">如何核验</h2>
            <ol>
            <li>下载检查点：<code>/v1/public/checkpoints/latest</code>（最新）或 <code>/v1/public/checkpoints/树大小</code>；保存下来，以后用来对照。</li>
            <li>核验签名：按规定的格式由检查点各字段重建签名文本，用上面的公钥验证 <code>signature</code>（DER 编码，Base64）。</li>
            <li>核验新旧检查点一致（新树只是在旧树之后追加）：<code>/v1/public/checkpoint-proofs/consistency?first=旧树大小&amp;second=新树大小</code>。</li>
            <li>核验某个事件在树中：<code>/v1/public/checkpoint-proofs/inclusion?service=服务&amp;streamId=记录流&amp;version=版本&amp;treeSize=树大小</code>。</li>
            <li>持有数据库的单位可用 <code>infra/dev.sh audit-verify --checkpoint 检查点文件或地址</code> 对照数据库逐条核验。</li>
            </ol>
            <p>签名文本、叶子的格式以及几行 Python 的核验方法见项目文档 <code>docs/audit-checkpoints.md</code>。</p>
            <h2 id="heads">检查点</h2>
            {(heads.Checkpoints.Count == 0 ? Html.Empty : (Html)$"""
                <table id="checkpoints">
                <thead><tr><th>树大小</th><th>签名时间（北京时间）</th><th>上一检查点</th><th>根哈希</th><th>签名</th></tr></thead>
                <tbody>{heads.Checkpoints.Select(h => (Html)$"""
                    <tr id="checkpoint-{h.TreeSize}"><td data-field="tree-size"><a href="{Links.CheckpointDocument(h.TreeSize)}">{h.TreeSize}</a></td>
                    <td>{BeijingTime(h.Time)}</td><td>{(h.PreviousSize == 0 ? "—" : h.PreviousSize.ToString(CultureInfo.InvariantCulture))}</td>
                    <td data-field="root-hash"><code>{h.RootHash}</code></td><td><code>{h.Signature}</code></td></tr>
                    """)}</tbody>
                </table>
                """)}
            {next}
            """);
    }

    private static string Algorithm(string algorithm) => algorithm switch
    {
        "ecdsa-p256-sha256" => "ECDSA P-256 / SHA-256（ecdsa-p256-sha256）",
        "sm2-sm3" => "SM2 / SM3 国密（sm2-sm3）",
        _ => algorithm,
    };

    private static string BeijingTime(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
