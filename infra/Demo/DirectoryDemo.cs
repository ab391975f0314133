using Grpc.Core;
using Grpc.Net.Client;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Demo;

/// <summary>
/// The two directories (两库) of Qinhuangdao, loaded the way a department loads them: the tag library by
/// command, then entities, monthly risk classes, tags and sub-libraries, and each department's inspectors as
/// CSV files through the gateway's import. Running it again imports the same files and changes nothing.
/// </summary>
public sealed class DirectoryDemo(GrpcChannel channel, Func<string, string, Metadata> caller, Func<Func<Task>, Task> once)
{
    public const int EntityCount = 30_000;
    private const string CityAmr = "130300-AMR";
    private const string Province = "130000-AMR";

    private static readonly (string Category, string Name, TagSubject Subject, (string Code, string Name)[] Tags)[] TagLibrary =
    [
        ("food-business", "食品经营业态", TagSubject.Entity, [("catering", "餐饮服务"), ("food-retail", "食品销售"), ("seafood", "海产品经营")]),
        ("tourism-season", "旅游旺季重点", TagSubject.Entity, [("scenic-area", "景区周边经营者")]),
        ("enforcement-field", "执法专业领域", TagSubject.Inspector,
        [
            ("food-safety", "食品安全"), ("special-equipment", "特种设备"), ("pricing", "价格监督"), ("product-quality", "产品质量"),
            ("pollution", "污染源执法"), ("hazardous-chemicals", "危险化学品"), ("construction", "建筑施工"), ("tourism", "文化旅游"),
            ("public-health", "卫生监督"), ("transport", "交通运输"), ("agriculture", "农业执法"), ("general", "综合执法"),
        ]),
    ];

    /// <summary>How many inspectors each department keeps, with the specialties they are drawn from.</summary>
    private static readonly (string Department, int Count, string[] Specialties)[] Inspectors =
    [
        (CityAmr, 40, ["food-safety", "special-equipment", "pricing", "product-quality"]),
        ("130302-AMR", 36, ["food-safety", "special-equipment", "pricing", "general"]),
        ("130303-AMR", 18, ["food-safety", "pricing", "general"]),
        ("130304-AMR", 16, ["food-safety", "pricing", "general"]),
        ("130306-AMR", 22, ["food-safety", "special-equipment", "general"]),
        ("130321-AMR", 20, ["food-safety", "product-quality", "general"]),
        ("130322-AMR", 26, ["food-safety", "special-equipment", "general"]),
        ("130324-AMR", 20, ["food-safety", "product-quality", "general"]),
        ("130300-EEB", 24, ["pollution", "general"]),
        ("130300-EMB", 22, ["hazardous-chemicals", "general"]),
        ("130300-HCB", 16, ["construction", "general"]),
        ("130300-CTB", 14, ["tourism", "general"]),
        ("130300-HWC", 18, ["public-health", "general"]),
        ("130300-TRB", 14, ["transport", "general"]),
        ("130300-AGR", 14, ["agriculture", "general"]),
    ];

    private const string Surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎";
    private const string GivenNames = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红海波宁鹏飞晓东雪梅玉兰春燕俊峰";

    public static IReadOnlyDictionary<string, int> InspectorCounts => Inspectors.ToDictionary(i => i.Department, i => i.Count);

    /// <summary>The generated directory the demo imports.</summary>
    public static IReadOnlyList<DirectoryGenerator.Row> Entities { get; } = [.. new DirectoryGenerator().Entities(EntityCount)];

    public async Task LoadAsync()
    {
        foreach (var (category, name, subject, tags) in TagLibrary)
        {
            var library = new Api.Directories.V1.TagLibrary.TagLibraryClient(channel);
            await once(() => library.DefineTagCategoryAsync(new DefineTagCategoryRequest { Category = category, Name = name, Subject = subject },
                caller(Province, Roles.Staff)).ResponseAsync);
            foreach (var (code, tagName) in tags)
                await once(() => library.AddTagAsync(new AddTagRequest { Category = category, Code = code, Name = tagName },
                    caller(Province, Roles.Staff)).ResponseAsync);
        }

        // The city bureau keeps the county bureaus' entities, so one file holds the whole city.
        var entities = Entities;
        await Import(CityAmr, ImportKind.Entities, "秦皇岛市市场主体名录.csv",
            entities.Select(DirectoryGenerator.CsvLine).Prepend(DirectoryGenerator.CsvHeader));

        // Monthly credit risk classes from the national system: January for all, then a July batch in which a few
        // entities rise sharply, which raises risk warnings.
        var risk = new DirectoryGenerator(seed: 7);
        var january = entities.Select(e => (e.Uscc, Class: risk.RiskClass())).ToList();
        var july = january.Where((_, i) => i % 50 == 7)
            .Select(e => (e.Uscc, Class: e.Class switch { "A" => "C", "B" or "C" => "D", _ => "" })).Where(e => e.Class != "").ToList();
        var entitiesApi = new MarketEntities.MarketEntitiesClient(channel);
        var probe = await entitiesApi.GetEntityAsync(new GetEntityRequest { Uscc = july[0].Uscc }, caller(CityAmr, Roles.Staff));
        if (probe.RiskClass == "")
        {
            // A class only moves forward in time: the batches are imported once, in order.
            await Import(CityAmr, ImportKind.RiskClasses, "2022年1月信用风险分类结果.csv",
                january.Select(e => $"{e.Uscc},{e.Class},2022-01-01").Prepend("统一社会信用代码,风险等级,生效日期"));
            await Import(CityAmr, ImportKind.RiskClasses, "2022年7月信用风险分类结果.csv",
                july.Select(e => $"{e.Uscc},{e.Class},2022-07-01").Prepend("统一社会信用代码,风险等级,生效日期"));
        }
        else Console.WriteLine("  the risk-class batches of January and July 2022 are in already");

        // Tags by business, and the departments' own sub-libraries (special-equipment users, licensed food
        // businesses, hazardous-chemicals units).
        static IEnumerable<string> Assign(IEnumerable<DirectoryGenerator.Row> rows, Func<DirectoryGenerator.Row, bool> which, string kind, string code) =>
            rows.Where(which).Select(r => $"{r.Uscc},{kind},{code},add");
        const string header = "uscc,kind,code,action";
        await Import(CityAmr, ImportKind.Assignments, "分类标注.csv", [header,
            .. Assign(entities, r => r.Industry == "H62", "tag", "food-business/catering"),
            .. Assign(entities, r => r.Industry is "F52" or "C14", "tag", "food-business/food-retail"),
            .. Assign(entities, r => r.Industry == "F51" && r.Division is "130302" or "130303", "tag", "food-business/seafood"),
            .. Assign(entities, r => r.Industry is "H61" or "H62" && r.Division == "130304", "tag", "tourism-season/scenic-area"),
            .. Assign(entities, r => r.Industry is "H61" or "K70" or "C33", "sub_library", $"{CityAmr}/special-equipment-users"),
            .. Assign(entities, r => r.Industry is "H62" or "F52" or "C13" or "C14", "sub_library", $"{CityAmr}/licensed-food-businesses")]);
        await Import("130300-EMB", ImportKind.Assignments, "危险化学品单位子库.csv",
            [header, .. Assign(entities, r => r.Industry == "C26", "sub_library", "130300-EMB/hazardous-chemicals-units")]);

        // Each department imports its own inspectors; a few declare conflicts of interest with entities.
        var people = new Random(20220301);
        foreach (var (department, count, specialties) in Inspectors)
        {
            var region = department[..6];
            // Certificates run years past today, whenever the demo runs: the demo's checks are planned weeks ahead.
            var certificatesValidTo = $"{DateTime.UtcNow.Year + 4}-12-31";
            var lines = Enumerable.Range(1, count).Select(n =>
            {
                var name = $"{Surnames[people.Next(Surnames.Length)]}{GivenNames[people.Next(GivenNames.Length)]}"
                           + (people.Next(3) == 0 ? "" : GivenNames[people.Next(GivenNames.Length)].ToString());
                var fields = specialties.OrderBy(_ => people.Next()).Take(1 + people.Next(2)).Order();
                var status = people.Next(100) switch { < 92 => "active", < 96 => "on_leave", < 98 => "transferred", _ => "retired" };
                var conflict = people.Next(20) == 0 ? entities[people.Next(entities.Count)].Uscc : "";
                var idNumber = ResidentIdNumber.WithCheck($"{region}19{people.Next(60, 99)}{people.Next(1, 13):00}{people.Next(1, 29):00}{people.Next(100, 999)}");
                return $"{department}-{n:000},{name},{department},,冀执{region}{n:0000},2021-01-01,{certificatesValidTo},{region},"
                       + $"{string.Join(';', fields.Select(f => $"enforcement-field/{f}"))},{status},{idNumber},1{people.Next(30, 99)}{people.Next(10_000_000, 99_999_999)},{conflict}";
            });
            await Import(department, ImportKind.Inspectors, $"{department}执法检查人员名录.csv",
                lines.Prepend("inspector_id,name,department_id,unit,certificate_no,certificate_valid_from,certificate_valid_to,region,specialties,status,id_number,phone,conflicts"));
        }
    }

    private async Task Import(string department, ImportKind kind, string fileName, IEnumerable<string> lines)
    {
        var (job, took) = await ImportUpload.RunAsync(channel, caller(department, Roles.Staff), department, kind, fileName, ImportUpload.Csv(lines));
        Console.WriteLine($"  {fileName,-28} {job.Read,6:N0} rows: {job.Added,6:N0} added, {job.Changed,6:N0} changed, "
                          + $"{job.Unchanged,6:N0} unchanged, {job.Rejected,3:N0} rejected ({took.TotalSeconds:F1} s)");
        foreach (var rejection in job.Rejections.Take(3)) Console.WriteLine($"    line {rejection.Line}: {rejection.Reason}");
    }
}
