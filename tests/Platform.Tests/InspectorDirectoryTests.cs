using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Platform.Tests.Infrastructure;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Platform.Tests;

/// <summary>Inspectors: imported and kept by their own department; personal data stays there.</summary>
public sealed class InspectorDirectoryTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private readonly Scenario scenario = new(platform);
    private Inspectors.InspectorsClient Inspectors => new(platform.GatewayChannel);

    private async Task<(string City, string Other, string Specialty)> Setup()
    {
        var province = await scenario.Department("130000-AMR", DepartmentLevel.Province, "130000");
        var city = await scenario.Department("130300-AMR", DepartmentLevel.City, "130300", province.DepartmentId);
        var other = await scenario.Department("130300-EMB", DepartmentLevel.City, "130300");
        var tags = new TagLibrary.TagLibraryClient(platform.GatewayChannel);
        var category = scenario.Id("speciality");
        await tags.DefineTagCategoryAsync(new DefineTagCategoryRequest { Category = category, Name = "执法专业", Subject = TagSubject.Inspector },
            As(Scenario.StaffOf(province.DepartmentId)));
        await tags.AddTagAsync(new AddTagRequest { Category = category, Code = "special-equipment", Name = "特种设备" }, As(Scenario.StaffOf(province.DepartmentId)));
        return (city.DepartmentId, other.DepartmentId, $"{category}/special-equipment");
    }

    private async Task<JsonElement> Upload(string department, string kind, string csv)
    {
        using var http = platform.Http(Scenario.StaffOf(department));
        var response = await http.PostAsync($"/v1/departments/{department}/imports?kind={kind}", EntityFiles.Content(csv));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Inspectors_are_imported_with_checks_and_their_personal_data_stays_in_their_department()
    {
        var (city, other, specialty) = await Setup();
        var entity = EntityFiles.NewCode();
        var county = await scenario.Department("130302-AMR", DepartmentLevel.County, "130302", city);
        await Upload(county.DepartmentId, "entities", EntityFiles.Csv(EntityFiles.Row(entity, county.DepartmentId)));

        var messages = new List<InspectorChanged>();
        var raw = new List<string>();
        var listener = platform.Directories.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint($"test-inspectors-{Guid.NewGuid():N}",
            e => e.Handler<InspectorChanged>(context =>
            {
                lock (messages)
                {
                    messages.Add(context.Message);
                    raw.Add(System.Text.Encoding.UTF8.GetString(context.ReceiveContext.GetBody()));
                }
                return Task.CompletedTask;
            }));
        await listener.Ready;

        var csv = string.Join("\n",
            "人员编号,姓名,执法证号,执法证有效期起,执法证有效期止,行政区划,专业领域,身份证号,联系电话,回避对象",
            $"Q001,张明,冀执13030001,2021-01-01,2026-12-31,130300,{specialty},130302198001011233,13900000001,{entity}",
            "Q002,李华,冀执13030002,2021-01-01,2026-12-31,130300,nope/unknown,,,",            // unknown specialty
            "Q003,王强,冀执13030003,2023-01-01,2021-12-31,130300,,,,",                         // validity reversed
            $"Q004,赵敏,冀执13030004,2021-01-01,2026-12-31,130300,,,,{EntityFiles.NewCode()}",   // conflict with an unknown entity
            "Q005,钱进,冀执13030005,2021-01-01,2026-12-31,130300,,130302198001011234,,");       // ID number fails its check
        var job = await Upload(city, "inspectors", csv + "\n");
        Assert.Equal((1, 4), (job.GetProperty("added").GetInt32(), job.GetProperty("rejected").GetInt32()));
        var reasons = job.GetProperty("rejections").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!).ToList();
        Assert.StartsWith("specialties:", reasons[0]);
        Assert.StartsWith("certificate_valid_to:", reasons[1]);
        Assert.StartsWith("conflicts:", reasons[2]);
        Assert.Equal("id_number: fails the GB 11643 check (last character)", reasons[3]);

        var own = await Inspectors.GetInspectorAsync(new GetInspectorRequest { DepartmentId = city, InspectorId = "Q001" }, As(Scenario.StaffOf(city)));
        Assert.Equal(("张明", "130302198001011233", "13900000001"), (own.Name, own.IdNumber, own.Phone));
        Assert.Equal([entity], own.Conflicts);

        var office = await Inspectors.GetInspectorAsync(new GetInspectorRequest { DepartmentId = city, InspectorId = "Q001" }, As(Scenario.Office));
        Assert.Equal(("张明", "", ""), (office.Name, office.IdNumber, office.Phone));

        var denied = await Assert.ThrowsAsync<RpcException>(() => Inspectors.ListInspectorsAsync(new ListInspectorsRequest { DepartmentId = city },
            As(Scenario.StaffOf(other))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var message = await Eventually.Get(() => Task.FromResult(messages.ToList()), m => m.Any(x => x.InspectorId == "Q001"), "the inspector on the bus");
        Assert.Equal(city, message[0].DepartmentId);
        Assert.Equal([specialty], message[0].Specialties);
        Assert.Equal([entity], message[0].Conflicts);
        Assert.DoesNotContain(raw, body => body.Contains("130302198001011233") || body.Contains("13900000001"));
        await listener.StopAsync();

        var again = await Upload(city, "inspectors", csv + "\n");
        Assert.Equal((0, 0, 1), (again.GetProperty("added").GetInt32(), again.GetProperty("changed").GetInt32(), again.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task A_department_keeps_only_its_own_inspectors()
    {
        var (city, other, _) = await Setup();
        var request = new SaveInspectorRequest
        {
            DepartmentId = city, InspectorId = "Q100", Name = "孙丽", CertificateNo = "冀执13030100", CertificateValidFrom = "2022-01-01",
            CertificateValidTo = "2027-01-01", Region = "130300",
        };
        var error = await Assert.ThrowsAsync<RpcException>(() => Inspectors.SaveInspectorAsync(request, As(Scenario.StaffOf(other))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        var saved = await Inspectors.SaveInspectorAsync(request, As(Scenario.StaffOf(city)));
        var retired = await Inspectors.ChangeInspectorStatusAsync(new ChangeInspectorStatusRequest
        {
            DepartmentId = city, InspectorId = "Q100", Status = InspectorStatus.Retired, Reason = "退休", EffectiveOn = "2022-06-30",
        }, As(Scenario.StaffOf(city)));
        Assert.Equal((InspectorStatus.Active, InspectorStatus.Retired), (saved.Status, retired.Status));
        var active = await Inspectors.ListInspectorsAsync(new ListInspectorsRequest { DepartmentId = city }, As(new Caller("r", city, Roles.Reviewer)));
        Assert.DoesNotContain(active.Inspectors, i => i.InspectorId == "Q100");
    }
}
