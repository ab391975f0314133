using System.Net.Http.Json;
using System.Text;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>Entity files as departments send them, with fresh valid codes so tests never collide.</summary>
public static class EntityFiles
{
    public const string Header = "uscc,name,type,industry,division,address,status,registering_authority";

    public static string NewCode()
    {
        var random = Random.Shared;
        var body = "9113030" + new string(Enumerable.Range(0, 10).Select(_ => SocialCreditCode.Alphabet[random.Next(SocialCreditCode.Alphabet.Length)]).ToArray());
        return SocialCreditCode.WithCheck(body);
    }

    public static string Row(string uscc, string authority, string name = "秦皇岛海港贸易有限公司", string division = "130302") =>
        $"{uscc},{name},enterprise,F51,{division},\"海港区文化路1号, 2单元\",active,{authority}";

    public static string Csv(params string[] rows) => string.Join("\n", rows.Prepend(Header)) + "\n";

    /// <summary>A department's file (entities, risk_classes, inspectors) imported through the gateway, every row taken.</summary>
    public static async Task Upload(this PlatformFixture platform, string department, string kind, string csv)
    {
        using var http = platform.Http(Scenario.StaffOf(department));
        var response = await http.PostAsync($"/v1/departments/{department}/imports?kind={kind}", Content(csv));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var job = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(0, job.GetProperty("rejected").GetInt32());
    }

    public static StringContent Content(string csv, Encoding? encoding = null) =>
        new(csv, encoding ?? new UTF8Encoding(false), "text/csv");
}
