using System.Text;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Demo;

/// <summary>
/// A deterministic, realistic-looking Qinhuangdao entity directory: valid USCCs (GB 32100-2015 check characters),
/// the city's county-level divisions weighted by size, common industries, and a credit risk mix. The same seed
/// gives the same rows on every machine, so benchmarks and demos are comparable.
/// </summary>
public sealed class DirectoryGenerator(int seed = 20220101)
{
    public static readonly (string Division, string Name, int Weight)[] Divisions =
    [
        ("130302", "海港区", 34), ("130303", "山海关区", 8), ("130304", "北戴河区", 6), ("130306", "抚宁区", 12),
        ("130321", "青龙满族自治县", 12), ("130322", "昌黎县", 16), ("130324", "卢龙县", 12),
    ];

    private static readonly (string Code, string Suffix, string Type)[] Industries =
    [
        ("F51", "商贸有限公司", "enterprise"), ("F52", "超市", "individual_business"), ("H62", "餐饮店", "individual_business"),
        ("H61", "宾馆有限公司", "enterprise"), ("C13", "食品有限公司", "enterprise"), ("C14", "食品厂", "enterprise"),
        ("C26", "化工有限公司", "enterprise"), ("C33", "金属制品有限公司", "enterprise"), ("E47", "建筑工程有限公司", "enterprise"),
        ("G54", "物流有限公司", "enterprise"), ("L72", "旅行社有限公司", "enterprise"), ("A01", "农民专业合作社", "farmers_cooperative"),
        ("O80", "美容美发店", "individual_business"), ("K70", "房地产开发有限公司", "enterprise"), ("R90", "文化娱乐有限公司", "enterprise"),
    ];

    private const string Syllables = "华泰兴隆盛鑫源丰汇通达宏伟安康顺利祥瑞金海港城长山岛秦皇燕北戴河昌黎卢龙青龙抚宁新程远航嘉禾";

    private readonly Random random = new(seed);

    public sealed record Row(string Uscc, string Name, string Type, string Industry, string Division, string Address, string Status, string Authority);

    public IEnumerable<Row> Entities(int count)
    {
        var totalWeight = Divisions.Sum(d => d.Weight);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(totalWeight);
            var division = Divisions.First(d => (pick -= d.Weight) < 0);
            var industry = Industries[random.Next(Industries.Length)];
            var category = industry.Type switch { "individual_business" => '2', "farmers_cooperative" => '3', _ => '1' };
            // Organisation code: a serial number keeps every code of one run distinct, and the seed keeps runs apart.
            var organisation = new StringBuilder("MA");
            for (var n = i + seed % 2_000 * 10_000_000L; organisation.Length < 9; n /= 31) organisation.Insert(2, SocialCreditCode.Alphabet[(int)(n % 31)]);
            var uscc = SocialCreditCode.WithCheck($"9{category}{division.Division}{organisation}");
            var name = $"秦皇岛{Syllable()}{Syllable()}{industry.Suffix}";
            var status = random.Next(100) < 95 ? "active" : random.Next(2) == 0 ? "deregistered" : "revoked";
            yield return new Row(uscc, name, industry.Type, industry.Code, division.Division,
                $"{division.Name}{Syllable()}{Syllable()}路{random.Next(1, 300)}号", status, $"{division.Division}-AMR");
        }
    }

    /// <summary>Credit risk classes in the proportions seen in Hebei: mostly A and B, few D.</summary>
    public string RiskClass()
    {
        var n = random.Next(100);
        return n < 40 ? "A" : n < 85 ? "B" : n < 97 ? "C" : "D";
    }

    public static string CsvHeader => "uscc,name,type,industry,division,address,status,registering_authority";

    public static string CsvLine(Row r) => $"{r.Uscc},{r.Name},{r.Type},{r.Industry},{r.Division},{r.Address},{r.Status},{r.Authority}";

    private char Syllable() => Syllables[random.Next(Syllables.Length)];
}
