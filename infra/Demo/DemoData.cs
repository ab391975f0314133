using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Demo;

/// <summary>Qinhuangdao's leading-group member departments and a sample of their item lists (2022).</summary>
public static class DemoData
{
    public const string Office = "130300-OFFICE";

    public sealed record Dept(string Id, string Name, DepartmentLevel Level, string Region, string? Parent, params (string Code, string Name)[] Units);

    public sealed record Item(string Department, string Code, string Name, string Kind, string LegalBasis, string Content, string Method,
        string[] EntityTypes, string[] Industries, string? Unit = null);

    private const string CityAmr = "130300-AMR";

    public static readonly Dept[] Departments =
    [
        new("130000-AMR", "河北省市场监督管理局", DepartmentLevel.Province, "130000", null),
        new("130000-EEB", "河北省生态环境厅", DepartmentLevel.Province, "130000", null),
        new("130000-EMB", "河北省应急管理厅", DepartmentLevel.Province, "130000", null),
        new(Office, "秦皇岛市“双随机、一公开”监管改革领导小组办公室", DepartmentLevel.City, "130300", null),
        new("130300-AMR", "秦皇岛市市场监督管理局", DepartmentLevel.City, "130300", "130000-AMR",
            ("XYJG", "信用监督管理科"), ("TZSB", "特种设备安全监察科"), ("SPJY", "食品经营安全监督管理科"), ("JGJC", "价格监督检查和反不正当竞争科")),
        new("130300-EEB", "秦皇岛市生态环境局", DepartmentLevel.City, "130300", "130000-EEB", ("HJJC", "生态环境执法支队")),
        new("130300-EMB", "秦皇岛市应急管理局", DepartmentLevel.City, "130300", "130000-EMB", ("WHPJ", "危险化学品安全监督管理科")),
        new("130300-HCB", "秦皇岛市住房和城乡建设局", DepartmentLevel.City, "130300", null),
        new("130300-CTB", "秦皇岛市文化广电和旅游局", DepartmentLevel.City, "130300", null),
        new("130300-HWC", "秦皇岛市卫生健康委员会", DepartmentLevel.City, "130300", null),
        new("130300-TRB", "秦皇岛市交通运输局", DepartmentLevel.City, "130300", null),
        new("130300-AGR", "秦皇岛市农业农村局", DepartmentLevel.City, "130300", null),
        new("130302-AMR", "秦皇岛市海港区市场监督管理局", DepartmentLevel.County, "130302", CityAmr),
        new("130303-AMR", "秦皇岛市山海关区市场监督管理局", DepartmentLevel.County, "130303", CityAmr),
        new("130304-AMR", "秦皇岛市北戴河区市场监督管理局", DepartmentLevel.County, "130304", CityAmr),
        new("130306-AMR", "秦皇岛市抚宁区市场监督管理局", DepartmentLevel.County, "130306", CityAmr),
        new("130321-AMR", "青龙满族自治县市场监督管理局", DepartmentLevel.County, "130321", CityAmr),
        new("130322-AMR", "昌黎县市场监督管理局", DepartmentLevel.County, "130322", CityAmr),
        new("130324-AMR", "卢龙县市场监督管理局", DepartmentLevel.County, "130324", CityAmr),
    ];

    private static readonly string[] Enterprise = ["enterprise"];
    private static readonly string[] AllTypes = ["enterprise", "individual_business", "farmers_cooperative"];

    public static readonly Item[] Items =
    [
        new("130000-AMR", "HBSC-001", "企业公示信息抽查", "general", "《企业信息公示暂行条例》第十四条", "企业年度报告、即时公示信息的真实性、及时性", "书面检查、实地核查、网络监测", Enterprise, []),
        new("130000-AMR", "HBSC-002", "个体工商户公示信息抽查", "general", "《促进个体工商户发展条例》第三十四条", "个体工商户年度报告公示信息", "书面检查、实地核查", ["individual_business"], []),
        new("130000-AMR", "HBSC-003", "食品生产企业监督检查", "key", "《中华人民共和国食品安全法》第一百一十条", "生产环境、进货查验、生产过程控制、出厂检验记录", "实地核查、检验检测", Enterprise, ["C13", "C14", "C15"]),
        new("130000-AMR", "HBSC-004", "食品经营者监督检查", "general", "《中华人民共和国食品安全法》第八十七条", "许可证照、进货查验、贮存条件、从业人员健康证明", "实地核查", AllTypes, ["F52", "H62"]),
        new("130000-AMR", "HBSC-005", "特种设备使用单位监督检查", "key", "《中华人民共和国特种设备安全法》第五十七条", "使用登记、安全管理人员、定期检验、维护保养记录", "实地核查", Enterprise, []),
        new("130000-AMR", "HBSC-006", "工业产品生产许可证获证企业监督检查", "general", "《中华人民共和国工业产品生产许可证管理条例》第三十七条", "持续满足许可条件情况", "实地核查、检验检测", Enterprise, ["C"]),
        new("130000-AMR", "HBSC-007", "产品质量监督抽查", "general", "《中华人民共和国产品质量法》第十五条", "产品质量是否符合标准", "检验检测", Enterprise, ["C"]),
        new("130000-AMR", "HBSC-008", "广告发布行为检查", "general", "《中华人民共和国广告法》第四十九条", "广告内容真实性、合法性", "网络监测、书面检查", AllTypes, ["L72"]),
        new("130000-AMR", "HBSC-009", "网络交易经营者检查", "general", "《网络交易监督管理办法》第三十五条", "亮照亮证、商品信息公示、售后服务", "网络监测", AllTypes, ["F52"]),
        new("130000-AMR", "HBSC-010", "计量器具检查", "general", "《中华人民共和国计量法》第十八条", "强制检定计量器具检定情况", "实地核查", AllTypes, []),
        new("130000-EEB", "HBHJ-001", "排污许可证执行情况检查", "key", "《排污许可管理条例》第三十条", "按证排污、自行监测、执行报告", "实地核查、委托专业机构", Enterprise, ["C", "D"]),
        new("130000-EEB", "HBHJ-002", "建设项目环境保护“三同时”检查", "general", "《建设项目环境保护管理条例》第十九条", "环境保护设施与主体工程同时设计、施工、投产使用", "实地核查", Enterprise, []),
        new("130000-EMB", "HBYJ-001", "危险化学品生产经营单位安全生产检查", "key", "《危险化学品安全管理条例》第六条", "安全生产许可、重大危险源管理、应急预案", "实地核查", Enterprise, ["C26", "F51"]),
        new("130000-EMB", "HBYJ-002", "工贸企业安全生产检查", "general", "《中华人民共和国安全生产法》第六十五条", "安全生产责任制、隐患排查治理、安全培训", "实地核查", Enterprise, ["C"]),
        new("130300-AMR", "QHDSC-001", "旅游旺季景区周边价格行为检查", "key", "《中华人民共和国价格法》第三十三条", "明码标价、价格欺诈", "实地核查", AllTypes, ["H61", "H62"], "JGJC"),
        new("130300-AMR", "QHDSC-002", "海产品经营者监督检查", "general", "《中华人民共和国食品安全法》第八十七条", "海产品来源、进货查验、冷链贮存", "实地核查、检验检测", AllTypes, ["F51", "F52"], "SPJY"),
        new("130300-HCB", "QHDJS-001", "建筑施工企业安全生产许可检查", "general", "《建设工程安全生产管理条例》第四十条", "安全生产许可条件、施工现场安全管理", "实地核查", Enterprise, ["E"]),
        new("130300-HCB", "QHDJS-002", "房地产开发企业资质检查", "general", "《房地产开发企业资质管理规定》第二十条", "资质条件、项目手册", "书面检查", Enterprise, ["K70"]),
        new("130300-CTB", "QHDWL-001", "旅行社经营行为检查", "key", "《旅行社条例》第四十一条", "经营许可、合同签订、导游委派", "书面检查、实地核查", Enterprise, ["L72"]),
        new("130300-CTB", "QHDWL-002", "娱乐场所经营检查", "general", "《娱乐场所管理条例》第三十四条", "经营许可、营业时间、未成年人保护", "实地核查", AllTypes, ["R90"]),
        new("130300-HWC", "QHDWJ-001", "公共场所卫生监督检查", "general", "《公共场所卫生管理条例》第十条", "卫生许可、从业人员健康、卫生检测", "实地核查、检验检测", AllTypes, ["H61", "O80"]),
        new("130300-HWC", "QHDWJ-002", "医疗机构依法执业检查", "key", "《医疗机构管理条例》第四十条", "执业许可、人员资质、医疗文书", "书面检查、实地核查", AllTypes, ["Q84"]),
        new("130300-TRB", "QHDJT-001", "道路运输企业检查", "general", "《中华人民共和国道路运输条例》第五十八条", "经营许可、车辆技术状况、驾驶员从业资格", "书面检查、实地核查", Enterprise, ["G54"]),
        new("130300-AGR", "QHDNY-001", "农资经营主体检查", "general", "《农药管理条例》第四十一条", "经营许可、进销台账、禁限用农药", "实地核查、检验检测", AllTypes, ["F51", "F52"]),
    ];

    /// <summary>Upper-level items the city departments adopt (认领); the second value marks it key locally.</summary>
    public static readonly (string Department, string Source, bool Key)[] CityClaims =
    [
        ("130300-AMR", "130000-AMR:HBSC-001", false), ("130300-AMR", "130000-AMR:HBSC-002", false),
        ("130300-AMR", "130000-AMR:HBSC-003", false), ("130300-AMR", "130000-AMR:HBSC-004", true),
        ("130300-AMR", "130000-AMR:HBSC-005", false), ("130300-AMR", "130000-AMR:HBSC-006", false),
        ("130300-AMR", "130000-AMR:HBSC-007", false), ("130300-AMR", "130000-AMR:HBSC-009", false),
        ("130300-EEB", "130000-EEB:HBHJ-001", false), ("130300-EEB", "130000-EEB:HBHJ-002", false),
        ("130300-EMB", "130000-EMB:HBYJ-001", false), ("130300-EMB", "130000-EMB:HBYJ-002", true),
    ];

    /// <summary>What every county bureau claims from the city bureau's list.</summary>
    public static readonly string[] CountyClaims =
        ["130300-AMR:HBSC-001", "130300-AMR:HBSC-002", "130300-AMR:HBSC-004", "130300-AMR:HBSC-005", "130300-AMR:QHDSC-002"];
}
