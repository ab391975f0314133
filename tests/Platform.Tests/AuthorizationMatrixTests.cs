using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Identity.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Gateway.Routing;
using Shuangsuiji.Kernel;
using Shuangsuiji.Platform.Tests.Infrastructure;
using Xunit.Abstractions;
using static Shuangsuiji.Platform.Tests.Infrastructure.PlatformFixture;

namespace Shuangsuiji.Platform.Tests;

/// <summary>
/// Every RPC of every service, as the gateway's contracts list them, called through the gateway by each kind of caller
/// on one department's own records — a county market bureau with its plan, a task ready for its draw, the draw, a task
/// in its checks with a result, an item, an inspector, an entity, an account and a client — with the outcome each
/// should get: refused as unauthenticated, refused permission, or let through (any other answer: done, or refused for a
/// reason that is not who is asking). An RPC added without its row fails.
/// </summary>
public sealed class AuthorizationMatrixTests(PlatformFixture platform, ITestOutputHelper output) : IClassFixture<PlatformFixture>
{
    /// <summary>The callers, in the order of each row's expected outcomes.</summary>
    public enum Who { Anonymous, Staff, Reviewer, Admin, System, OtherDepartment, Above, CountyOffice, CityOffice }

    /// <summary>
    /// The outcome each caller gets, one letter per <see cref="Who"/> in order: u unauthenticated, d permission denied,
    /// a let through.
    /// </summary>
    private sealed record Row(string Rpc, string Request, string Expected, bool OnSpare = false);

    private static readonly Who[] Callers = Enum.GetValues<Who>();

    // Rows name the world's records by placeholders: {own} the county market bureau (130302) whose records these are,
    // {spare} a second bureau like it for commands that would end the first (a retirement), {above} the city market bureau
    // over them, {other} the county's environment bureau, {item} and {code} the bureau's item, {inspector}, {uscc} an entity
    // it registered, {year} with its published plan and {draftYear} with its draft, {task} its task ready for a draw and
    // {draw} that task's draw (the other draws at their steps: see MatrixWorld), {checking} its task in checks with
    // {checked} the entity checked, {closed} a closed task with the return visits {visit} and {closingVisit}, {dispatch} a task the
    // bureau above dispatched to it, {account}
    // and {client} its account and system client, {today}.
    private static readonly Row[] Rows =
    [
        // The audit trail: the office reads its region's, staff and reviewers their department's records.
        new("audit.v1.AuditTrail/GetHistory", """{"service":"tasks","streamId":"task:{task}"}""", "uaaddddaa"),
        new("audit.v1.AuditTrail/SearchEvents", """{"service":"tasks"}""", "uaaddaaaa"),
        new("audit.v1.AuditTrail/ListChainRows", """{"service":"tasks"}""", "uddddddaa"),
        // The item list: kept by the department's staff, read by everyone signed in.
        new("catalog.v1.Catalog/CreateItem", """{"departmentId":"{own}","code":"HB-101","content":{content},"effectiveOn":"2022-01-01"}""", "uadaadddd"),
        new("catalog.v1.Catalog/AmendItem", """{"departmentId":"{own}","code":"{code}","content":{content},"reason":"条例修订","effectiveOn":"2022-06-01"}""", "uadaadddd"),
        new("catalog.v1.Catalog/RetireItem", """{"departmentId":"{own}","code":"HB-404","reason":"职能调整","effectiveOn":"2022-06-01"}""", "uadaadddd"),
        new("catalog.v1.Catalog/ClaimItem", """{"departmentId":"{own}","sourceItemId":"{item}"}""", "uadaadddd"),
        new("catalog.v1.Catalog/WithdrawClaim", """{"departmentId":"{own}","code":"HB-404","reason":"职能调整"}""", "uadaadddd"),
        new("catalog.v1.Catalog/GetItem", """{"departmentId":"{own}","code":"{code}"}""", "uaaaaaaaa"),
        new("catalog.v1.Catalog/ListItems", """{"departmentId":"{own}"}""", "uaaaaaaaa"),
        new("catalog.v1.Catalog/DefineForm", """{"departmentId":"{own}","code":"{code}","formCode":"F-1","name":"自定义检查表","fields":[{"key":"area","label":"检查区域","type":"FIELD_TYPE_TEXT"}]}""", "uadaadddd"),
        new("catalog.v1.Catalog/ReviseForm", """{"departmentId":"{own}","code":"{code}","formCode":"F-1","name":"自定义检查表","fields":[{"key":"area","label":"检查区域","type":"FIELD_TYPE_TEXT"}],"reason":"补充"}""", "uadaadddd"),
        new("catalog.v1.Catalog/ListForms", """{"departmentId":"{own}","code":"{code}"}""", "uaaaaaaaa"),
        new("catalog.v1.Catalog/PublishJointItemList", """{"region":"130300","items":[{"code":"J1","name":"联合抽查","itemIds":["{item}"]}]}""", "uddddddda"),
        new("catalog.v1.Catalog/GetJointItemList", """{"region":"130300"}""", "uaaaaaaaa"),
        // The checkpoints: the office's notary makes them; the published ones are public.
        new("checkpoints.v1.Notary/CreateCheckpoint", "{}", "uddddddda"),
        new("checkpoints.v1.Notary/GetConsistencyProof", "{}", "aaaaaaaaa"),
        new("checkpoints.v1.Notary/GetInclusionProof", """{"service":"tasks","streamId":"task:{task}","version":1}""", "aaaaaaaaa"),
        new("checkpoints.v1.PublishedCheckpoints/GetLatestCheckpoint", "{}", "aaaaaaaaa"),
        new("checkpoints.v1.PublishedCheckpoints/GetCheckpoint", "{}", "aaaaaaaaa"),
        new("checkpoints.v1.PublishedCheckpoints/ListCheckpoints", "{}", "aaaaaaaaa"),
        // The working-day calendar: recorded by the city office, public.
        new("directories.v1.HolidayCalendar/RecordHolidayNotice", """{"year":2031,"title":"国务院办公厅关于2031年部分节假日安排的通知","issuedOn":"2030-11-01","holidays":[{"name":"元旦","from":"2031-01-01","to":"2031-01-01"}]}""", "uddddddda"),
        new("directories.v1.HolidayCalendar/CorrectHolidayNotice", """{"year":2031,"title":"国务院办公厅关于2031年部分节假日安排的通知","issuedOn":"2030-11-02","holidays":[{"name":"元旦","from":"2031-01-01","to":"2031-01-01"}],"reason":"更正"}""", "uddddddda"),
        new("directories.v1.HolidayCalendar/ListHolidayNotices", "{}", "aaaaaaaaa"),
        // The member departments: kept by the office, read by everyone signed in.
        new("directories.v1.Departments/CreateDepartment", """{"departmentId":"130302-NEW-{own}","name":"新部门","level":"DEPARTMENT_LEVEL_COUNTY","regionCode":"130302"}""", "uddddddaa"),
        new("directories.v1.Departments/RenameDepartment", """{"departmentId":"{own}","name":"海港区市场监督管理局","reason":"机构改革","effectiveOn":"2022-01-01"}""", "uddddddaa"),
        new("directories.v1.Departments/AddInternalUnit", """{"departmentId":"{own}","unit":{"code":"ZFDD","name":"执法大队"}}""", "uaaaaddaa"),
        new("directories.v1.Departments/RemoveInternalUnit", """{"departmentId":"{own}","unitCode":"ZFDD","reason":"机构改革"}""", "uaaaaddaa"),
        new("directories.v1.Departments/RetireDepartment", """{"departmentId":"{spare}","reason":"机构改革","effectiveOn":"2022-01-01"}""", "uddddddaa", OnSpare: true),
        new("directories.v1.Departments/MergeDepartment", """{"departmentId":"{spare}","intoId":"{own}","reason":"机构改革","effectiveOn":"2022-01-01"}""", "uddddddaa", OnSpare: true),
        new("directories.v1.Departments/SetLiaisonOfficer", """{"departmentId":"{own}","name":"孙联络","mobile":"13803351234"}""", "uddadddaa"),
        new("directories.v1.Departments/GetLiaisonOfficer", """{"departmentId":"{own}"}""", "uaaaaddaa"),
        new("directories.v1.Departments/GetDepartment", """{"departmentId":"{own}"}""", "uaaaaaaaa"),
        new("directories.v1.Departments/ListDepartments", "{}", "uaaaaaaaa"),
        // The entity directory: registered by a department, read by everyone signed in.
        new("directories.v1.MarketEntities/RegisterEntity", """{"uscc":"{newUscc}","fields":{"name":"秦皇岛新开商贸有限公司","type":"ENTITY_TYPE_ENTERPRISE","industry":"F52","division":"130302","address":"海港区文化路2号","registeringAuthority":"{own}"}}""", "uaddadadd"),
        new("directories.v1.MarketEntities/AmendEntity", """{"uscc":"{uscc}","fields":{"name":"秦皇岛港城商贸有限公司","type":"ENTITY_TYPE_ENTERPRISE","industry":"F52","division":"130302","address":"海港区建设大街2号","registeringAuthority":"{own}"},"reason":"地址变更"}""", "uaddadadd"),
        new("directories.v1.MarketEntities/ChangeEntityStatus", """{"uscc":"{uscc}","status":"REGISTRATION_STATUS_ACTIVE","reason":"核查","effectiveOn":"2022-01-01"}""", "uaddadadd"),
        new("directories.v1.MarketEntities/TagEntity", """{"uscc":"{uscc}","tag":"food/cold-chain"}""", "uaddadadd"),
        new("directories.v1.MarketEntities/UntagEntity", """{"uscc":"{uscc}","tag":"food/cold-chain"}""", "uaddadadd"),
        new("directories.v1.MarketEntities/JoinSubLibrary", """{"uscc":"{uscc}","library":"{own}/key","reason":"重点监管"}""", "uaddadddd"),
        new("directories.v1.MarketEntities/LeaveSubLibrary", """{"uscc":"{uscc}","library":"{own}/key","reason":"重点监管"}""", "uaddadddd"),
        new("directories.v1.MarketEntities/ChangeRiskClass", """{"uscc":"{uscc}","riskClass":"C","effectiveOn":"2022-01-01"}""", "uaddadadd"),
        new("directories.v1.MarketEntities/GetEntity", """{"uscc":"{uscc}"}""", "uaaaaaaaa"),
        new("directories.v1.MarketEntities/SearchEntities", """{"division":"130302"}""", "uaaaaaaaa"),
        new("directories.v1.MarketEntities/GetEntityHistory", """{"uscc":"{uscc}"}""", "uaaaaaaaa"),
        new("directories.v1.MarketEntities/GetEntityNames", """{"usccs":["{uscc}"]}""", "uaaaaaaaa"),
        new("directories.v1.DirectoryImports/Import", """{"header":{"departmentId":"{own}","kind":"IMPORT_KIND_ENTITIES","format":"FILE_FORMAT_CSV","fileName":"entities.csv"}}""", "uaddadddd"),
        new("directories.v1.DirectoryImports/GetImportJob", """{"jobId":"{importJob}"}""", "uaaaaddaa"),
        new("directories.v1.DirectoryImports/ListImportRejections", """{"jobId":"{importJob}"}""", "uaaaaddaa"),
        new("directories.v1.DirectoryImports/ExportEntities", """{"departmentId":"{own}","format":"FILE_FORMAT_CSV"}""", "uaaaaddaa"),
        // Inspectors: kept and read by their own department (their personal data is its alone).
        new("directories.v1.Inspectors/SaveInspector", """{"departmentId":"{own}","inspectorId":"MX-002","name":"王芳","certificateNo":"冀执13030002","certificateValidFrom":"2021-01-01","certificateValidTo":"2030-12-31","region":"130302"}""", "uaddadddd"),
        new("directories.v1.Inspectors/ChangeInspectorStatus", """{"departmentId":"{own}","inspectorId":"{inspector}","status":"INSPECTOR_STATUS_ACTIVE","reason":"复岗","effectiveOn":"2022-01-01"}""", "uaddadddd"),
        new("directories.v1.Inspectors/DeclareConflict", """{"departmentId":"{own}","inspectorId":"{inspector}","uscc":"{uscc}","reason":"亲属任职"}""", "uaddadddd"),
        new("directories.v1.Inspectors/WithdrawConflict", """{"departmentId":"{own}","inspectorId":"{inspector}","uscc":"{uscc}","reason":"已离职"}""", "uaddadddd"),
        new("directories.v1.Inspectors/GetInspector", """{"departmentId":"{own}","inspectorId":"{inspector}"}""", "uaaaaddaa"),
        new("directories.v1.Inspectors/ListInspectors", """{"departmentId":"{own}"}""", "uaaaaddaa"),
        // The tag library: kept by provincial departments.
        new("directories.v1.TagLibrary/DefineTagCategory", """{"category":"m-{own}","name":"测试类别","subject":"TAG_SUBJECT_ENTITY"}""", "udddddddd"),
        new("directories.v1.TagLibrary/AddTag", """{"category":"{tagCategory}","code":"x","name":"测试"}""", "udddddddd"),
        new("directories.v1.TagLibrary/RetireTag", """{"category":"{tagCategory}","code":"x","reason":"停用"}""", "udddddddd"),
        new("directories.v1.TagLibrary/ListTagCategories", "{}", "uaaaaaaaa"),
        // The public records: open to everyone.
        new("disclosure.v1.PublicRecords/ListDepartments", "{}", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/ListItems", """{"departmentId":"{own}"}""", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/GetItem", """{"departmentId":"{own}","code":"{code}"}""", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/GetJointItemList", """{"region":"130300"}""", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/ListPlans", """{"departmentId":"{own}"}""", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/ListTasks", """{"departmentId":"{own}"}""", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/GetTask", """{"taskId":"{checking}"}""", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/SearchResults", """{"departmentId":"{own}"}""", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/ExportResults", "{}", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/GetTimeliness", """{"departmentId":"{own}"}""", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/ListCirculars", "{}", "aaaaaaaaa"),
        new("disclosure.v1.PublicRecords/GetCircular", """{"circularId":"ZX-NONE-1"}""", "aaaaaaaaa"),
        // The draw engine: a task's draw is prepared and executed through the tasks service; its parties commit and reveal.
        new("draws.v1.Draws/PrepareDraw", """{"taskId":"{task}","strata":[{"label":"D","riskClasses":["D"],"count":1}]}""", "uaddadddd"),
        new("draws.v1.Draws/PreviewDraw", """{"taskId":"{task}","departmentIds":["{own}"],"itemIds":["{own}:HBSC-001"],"scope":{"divisions":["130302"]},"strata":[{"label":"D","riskClasses":["D"],"count":1}]}""", "uaddadddd"),
        new("draws.v1.Draws/CommitSecret", """{"drawId":"{draw}","party":"{own}","generate":true}""", "uaddadddd"),
        new("draws.v1.Draws/RevealSecret", """{"drawId":"{draw}","party":"{own}","secret":"00112233445566778899aabbccddeeff"}""", "uaddadddd"),
        new("draws.v1.Draws/RecordPublicValue", """{"drawId":"{pastDraw}","value":"5 2 8"}""", "uddddddad"),
        new("draws.v1.Draws/ExecuteDraw", """{"drawId":"{valuedDraw}"}""", "uaddaddaa"),
        new("draws.v1.Draws/CancelDraw", """{"drawId":"{cancelledDraw}","reason":"撤销"}""", "uaddaddaa"),
        new("draws.v1.Draws/MatchInspectors", """{"drawId":"{executedDraw}","departmentId":"{own}","checkFrom":"{today}","checkTo":"{today}","teamSize":2}""", "uaddadddd"),
        new("draws.v1.Draws/ReplaceInspector", """{"drawId":"{executedDraw}","departmentId":"{own}","uscc":"{uscc}","inspectorId":"{inspector}","reason":"回避"}""", "uaddadddd"),
        new("draws.v1.Draws/GetDraw", """{"drawId":"{draw}"}""", "uaaaaddaa"),
        new("draws.v1.Draws/ListDraws", """{"taskId":"{task}"}""", "uaaaaaaaa"),
        new("draws.v1.Draws/ListOpenDraws", """{"departmentId":"{own}"}""", "uaaaaddda"),
        new("draws.v1.Draws/GetDrawRecord", """{"drawId":"{draw}"}""", "aaaaaaaaa"),
        new("draws.v1.Draws/GetDrawRecordJson", """{"drawId":"{draw}"}""", "aaaaaaaaa"),
        new("draws.v1.Draws/GetCandidatesText", """{"drawId":"{draw}","label":"D"}""", "aaaaaaaaa"),
        new("draws.v1.Draws/StreamCandidates", """{"drawId":"{draw}","label":"D"}""", "aaaaaaaaa"),
        // Accounts and clients: kept by the department's administrator and its region's office.
        new("identity.v1.Accounts/CreateAccount", """{"username":"n{account}","displayName":"刘洋","departmentId":"{own}","roles":["staff"]}""", "uddadddaa"),
        new("identity.v1.Accounts/ChangeRoles", """{"username":"{account}","roles":["staff"],"reason":"岗位调整"}""", "uddadddaa"),
        new("identity.v1.Accounts/ResetPassword", """{"username":"{account}","reason":"遗忘密码"}""", "uddadddaa"),
        new("identity.v1.Accounts/DisableAccount", """{"username":"{account}","reason":"调离"}""", "uddadddaa"),
        new("identity.v1.Accounts/EnableAccount", """{"username":"{account}","reason":"返岗"}""", "uddadddaa"),
        new("identity.v1.Accounts/GetAccount", """{"username":"{account}"}""", "uddadddaa"),
        new("identity.v1.Accounts/ListAccounts", """{"departmentId":"{own}"}""", "uddadddaa"),
        new("identity.v1.Clients/RegisterClient", """{"clientId":"n{client}","displayName":"业务系统","departmentId":"{own}"}""", "uddadddaa"),
        new("identity.v1.Clients/RotateClientSecret", """{"clientId":"{client}","reason":"定期轮换"}""", "uddadddaa"),
        new("identity.v1.Clients/RevokeClient", """{"clientId":"{revokedClient}","reason":"停用"}""", "uddadddaa"),
        new("identity.v1.Clients/ListClients", """{"departmentId":"{own}"}""", "uddadddaa"),
        // Supervision: a department reads its own figures, the offices their region's.
        new("supervision.v1.Supervision/GetTargets", """{"subject":"{own}","year":{year}}""", "uaaaaddaa"),
        new("supervision.v1.Supervision/DrillDown", """{"subject":"{own}","year":{year},"figure":"joint_tasks"}""", "uaaaaddaa"),
        new("supervision.v1.Supervision/GetTargetsChart", """{"year":{year}}""", "uddddddaa"),
        new("supervision.v1.Supervision/GetReport", """{"subject":"{own}","period":"{year}-01"}""", "uaaaaddaa"),
        new("supervision.v1.Supervision/DownloadReport", """{"subject":"{own}","period":"{year}-01","format":"csv"}""", "uaaaaddaa"),
        new("supervision.v1.Supervision/ConfirmReport", """{"subject":"{own}","period":"{year}-01","remarks":"无"}""", "uaadadddd"),
        new("supervision.v1.Supervision/SubmitSummary", """{"subject":"{own}","period":"{year}-Q1","text":"一季度工作总结"}""", "uaadadddd"),
        new("supervision.v1.Supervision/AcceptSummary", """{"subject":"{own}","period":"{year}-Q1"}""", "uddddddaa"),
        new("supervision.v1.Supervision/ListSubmissions", """{"period":"{year}-01"}""", "uddddddaa"),
        new("supervision.v1.Supervision/ListAlerts", """{"departmentId":"{own}"}""", "uaaaaddaa"),
        new("supervision.v1.Supervision/ScheduleTraining", """{"year":{year},"date":"{today}","audience":"enforcement_staff","topic":"双随机工作规范","departmentId":"{own}","plannedAttendance":20}""", "uddddddaa"),
        new("supervision.v1.Supervision/RecordAttendance", """{"year":{year},"sessionId":"{year}-001","attendance":{"{own}":18}}""", "uddddddaa"),
        new("supervision.v1.Supervision/GetTrainingPlan", """{"year":{year}}""", "uaaaaaaaa"),
        // Special inspections: kept by the offices (an inspection of no one's: refused to others before it is looked for), read by those they name.
        new("supervision.v1.Supervision/OpenSpecialInspection", """{"inspectionId":"ZX-{own}","subject":"专项督查","from":"{today}","to":"{today}","departmentIds":["{own}"]}""", "uddddddaa"),
        new("supervision.v1.Supervision/RecordFinding", """{"inspectionId":"ZX-NONE","departmentId":"{own}","found":"未按时公示","rectification":"补充公示","rectifyBy":"{today}"}""", "uddddddaa"),
        new("supervision.v1.Supervision/CloseSpecialInspection", """{"inspectionId":"ZX-NONE"}""", "uddddddaa"),
        new("supervision.v1.Supervision/DraftCircular", """{"inspectionId":"ZX-NONE","title":"通报","text":"正文"}""", "uddddddaa"),
        new("supervision.v1.Supervision/PublishCircular", """{"inspectionId":"ZX-NONE","circularId":"ZX-NONE-1"}""", "uddddddaa"),
        new("supervision.v1.Supervision/GetSpecialInspection", """{"inspectionId":"ZX-NONE"}""", "uaaaaaaaa"),
        new("supervision.v1.Supervision/ListSpecialInspections", "{}", "uaaaaaaaa"),
        new("supervision.v1.Supervision/GetCoverage", """{"year":{year},"departmentId":"{own}"}""", "uaaaaddaa"),
        new("supervision.v1.Supervision/ListKeySupervision", """{"departmentId":"{own}"}""", "uaaaaddaa"),
        // Plans: drafted by staff, approved by reviewers, read by the department (and, as 本系统, the one above it).
        new("tasks.v1.Tasks/DraftPlan", """{"departmentId":"{own}","year":{year}}""", "uaddadddd"),
        new("tasks.v1.Tasks/RevisePlan", """{"departmentId":"{own}","year":{year}}""", "uaddadddd"),
        new("tasks.v1.Tasks/ApprovePlan", """{"departmentId":"{own}","year":{year}}""", "udadddddd"),
        new("tasks.v1.Tasks/PublishPlan", """{"departmentId":"{own}","year":{year}}""", "uaddadddd"),
        new("tasks.v1.Tasks/StartPlanAdjustment", """{"departmentId":"{own}","year":{year},"reason":"任务调整"}""", "uaddadddd"),
        new("tasks.v1.Tasks/GetPlan", """{"departmentId":"{own}","year":{draftYear}}""", "uaaaadaaa"),
        new("tasks.v1.Tasks/ListPlans", """{"departmentId":"{own}","year":{year}}""", "uaaaaaaaa"),
        // 备案: the published plan is filed with the department above and the city office, who acknowledge it.
        new("tasks.v1.Tasks/AcknowledgePlanFiling", """{"departmentId":"{own}","year":{year}}""", "udddddada"),
        new("tasks.v1.Tasks/ListPlanFilings", """{"year":{year}}""", "uaaaaaaaa"),
        new("tasks.v1.Tasks/ProposeJointTasks", """{"year":{year}}""", "uaaaaaaaa"),
        new("tasks.v1.Tasks/CreateTaskFromPlan", """{"taskId":"P-{own}","departmentId":"{own}","year":{year},"taskCode":"T1"}""", "uaddadddd"),
        new("tasks.v1.Tasks/CreateTask", """{"taskId":"N-{own}","departmentId":"{own}","name":"专项抽查","items":["{item}"],"scope":{"divisions":["130302"]},"quotas":[{"riskClass":"D","count":1}],"checkFrom":"{today}","checkTo":"{today}","reason":"专项核查"}""", "uaddadddd"),
        new("tasks.v1.Tasks/InviteDepartment", """{"taskId":"{task}","departmentId":"{other}","items":["{other}:HBSC-001"]}""", "uaddadddd"),
        new("tasks.v1.Tasks/AcceptInvitation", """{"taskId":"{task}","departmentId":"{own}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/DeclineInvitation", """{"taskId":"{task}","departmentId":"{own}","reason":"无此职能"}""", "uaddadddd"),
        new("tasks.v1.Tasks/ApproveTask", """{"taskId":"{task}"}""", "udadddddd"),
        new("tasks.v1.Tasks/ConfirmPartners", """{"taskId":"{task}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/PrepareDraw", """{"taskId":"{task}","strata":[{"label":"D","riskClasses":["D"],"count":1}]}""", "uaddadddd"),
        new("tasks.v1.Tasks/ExecuteDraw", """{"taskId":"{valuedTaskDrawTask}","drawId":"{valuedTaskDraw}"}""", "uaddaddaa"),
        new("tasks.v1.Tasks/CheckDraw", """{"taskId":"{task}","strata":[{"label":"D","riskClasses":["D"],"count":1}]}""", "uaaaadaaa"),
        new("tasks.v1.Tasks/RecordMatch", """{"taskId":"{checking}","departmentId":"{own}"}""", "uaaaadaaa"),
        new("tasks.v1.Tasks/StartChecks", """{"taskId":"{checking}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/CompleteEntry", """{"taskId":"{checking}","departmentId":"{own}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/CompleteReview", """{"taskId":"{checking}","departmentId":"{own}"}""", "udadddddd"),
        new("tasks.v1.Tasks/PublishResults", """{"taskId":"{checking}","departmentId":"{own}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/CloseFollowUp", """{"taskId":"{checking}","departmentId":"{own}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/CloseTask", """{"taskId":"{checking}","closedOn":"{today}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/GetTask", """{"taskId":"{checking}"}""", "uaaaadaaa"),
        new("tasks.v1.Tasks/ListTasks", """{"departmentId":"{own}"}""", "uaaaadaaa"),
        new("tasks.v1.Tasks/ListOpenWork", """{"departmentId":"{own}"}""", "uaaaadaaa"),
        new("tasks.v1.Tasks/SaveResultDraft", """{"taskId":"{checking}","departmentId":"{own}","uscc":"{checked}","entry":{"checkDates":["{today}"]}}""", "uaddadddd"),
        new("tasks.v1.Tasks/SubmitResult", """{"taskId":"{checking}","departmentId":"{own}","uscc":"{checked}","entry":{"checkDates":["{today}"]}}""", "uaddadddd"),
        new("tasks.v1.Tasks/ApproveResult", """{"taskId":"{checking}","departmentId":"{own}","uscc":"{checked}"}""", "udadddddd"),
        new("tasks.v1.Tasks/ReturnResult", """{"taskId":"{checking}","departmentId":"{own}","uscc":"{checked}","comment":"补充材料"}""", "udadddddd"),
        new("tasks.v1.Tasks/RecordFollowUp", """{"taskId":"{checking}","departmentId":"{own}","uscc":"{checked}","action":{"kind":"FOLLOW_UP_KIND_ORDER_CORRECTION","on":"{today}"}}""", "uaddadddd"),
        new("tasks.v1.Tasks/RecordCorrection", """{"taskId":"{checking}","departmentId":"{own}","uscc":"{checked}","correctedOn":"{today}","note":"已整改"}""", "uaddadddd"),
        new("tasks.v1.Tasks/RecordAbnormalListing", """{"taskId":"{checking}","departmentId":"{own}","uscc":"{checked}","listedOn":"{today}","decisionNo":"秦市监异〔2026〕1号"}""", "uaddadddd"),
        new("tasks.v1.Tasks/CloseResultFollowUp", """{"taskId":"{checking}","departmentId":"{own}","uscc":"{checked}","closedOn":"{today}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/ListResults", """{"taskId":"{checking}","departmentId":"{own}"}""", "uaaaadaaa"),
        new("tasks.v1.Tasks/GetCheckRecord", """{"taskId":"{checking}","uscc":"{checked}"}""", "uaaaadaaa"),
        // Return visits: the office's (the city office reads a county office's, not the other way round).
        new("tasks.v1.Tasks/PlanReturnVisit", """{"visitId":"RV-{own}","officeId":"{cityOffice}","name":"回访","taskIds":["{closed}"],"reason":"季度回访"}""", "uddddddda"),
        new("tasks.v1.Tasks/RecordVisit", """{"visitId":"{visit}","uscc":"{visited}","visitedOn":"{today}","outcome":"VISIT_OUTCOME_CONFIRMED"}""", "uddddddda"),
        new("tasks.v1.Tasks/CloseReturnVisit", """{"visitId":"{closingVisit}","closedOn":"{today}","summary":"回访一户，无异常"}""", "uddddddda"),
        new("tasks.v1.Tasks/GetReturnVisit", """{"visitId":"{visit}"}""", "uddddddda"),
        new("tasks.v1.Tasks/ListReturnVisits", """{"officeId":"{cityOffice}"}""", "uddddddda"),
        new("tasks.v1.Tasks/ListVisitableTasks", """{"officeId":"{cityOffice}","year":{year}}""", "uddddddda"),
        // 派发: sent by the department's staff to the departments below it (the county bureau has none: refused for that, not
        // for who asks), received by the receiver's staff; read by the sender's and the receiver's readers.
        new("tasks.v1.Tasks/DispatchTask", """{"dispatchId":"PF-{own}","departmentId":"{own}","name":"专项抽查","items":["{item}"],"scope":{"divisions":["130302"]},"quotas":[{"riskClass":"D","count":1}],"checkFrom":"{today}","checkTo":"{today}","notice":"通知"}""", "uaddadddd"),
        new("tasks.v1.Tasks/ReceiveDispatch", """{"dispatchId":"{dispatch}","departmentId":"{own}","taskId":"PF-T-{own}"}""", "uaddadddd"),
        new("tasks.v1.Tasks/GetDispatch", """{"dispatchId":"{dispatch}"}""", "uaaaadaaa"),
        new("tasks.v1.Tasks/ListDispatches", """{"departmentId":"{own}"}""", "uaaaadaaa"),
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, MethodDescriptor>> Methods = new(() =>
        ApiContracts.Platform.Services.SelectMany(s => s.Descriptor.Methods)
            .ToDictionary(m => m.Service.FullName["shuangsuiji.".Length..] + "/" + m.Name));

    public static TheoryData<string> Rpcs => [.. Methods.Value.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_row_names_an_rpc_of_the_contracts_once()
    {
        Assert.All(Rows, r => Assert.True(Methods.Value.ContainsKey(r.Rpc), $"{r.Rpc} is not an RPC of the contracts"));
        Assert.Empty(Rows.GroupBy(r => r.Rpc).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(Rows, r => Assert.Matches($"^[uda]{{{Callers.Length}}}$", r.Expected));
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Each_caller_gets_the_outcome_its_row_says(string rpc)
    {
        var row = Rows.SingleOrDefault(r => r.Rpc == rpc);
        var world = await MatrixWorld.Of(platform);
        var method = Methods.Value[rpc];
        // The refused first, then those let through: a command done by one caller must not change what the next one is asked.
        var order = Callers.OrderBy(c => row?.Expected[(int)c] == 'a').ToArray();
        var outcomes = new Dictionary<Who, (char Outcome, StatusCode Status, string Detail)>();
        foreach (var caller in order)
        {
            var (status, detail) = await Call(method, Request(method, row?.Request ?? "{}", world), world.Caller(caller, row?.OnSpare ?? false));
            outcomes[caller] = (status switch { StatusCode.Unauthenticated => 'u', StatusCode.PermissionDenied => 'd', _ => 'a' }, status, detail);
        }
        var seen = new string([.. Callers.Select(c => outcomes[c].Outcome)]);
        output.WriteLine($"new(\"{rpc}\", ..., \"{seen}\"),  // {string.Join(" ", Callers.Select(c => $"{c}={outcomes[c].Status}"))}");
        Assert.True(row is not null, $"{rpc} has no row: add one with its expected outcomes (seen: {seen})");
        Assert.True(row.Expected == seen, $"{rpc}: expected {row.Expected}, seen {seen}: {string.Join(", ", Callers.Select(c => $"{c} {outcomes[c].Status} ({outcomes[c].Detail})"))}");
    }

    private static IMessage Request(MethodDescriptor method, string template, MatrixWorld world) =>
        JsonParser.Default.Parse(world.Fill(template), method.InputType);

    private async Task<(StatusCode Status, string Detail)> Call(MethodDescriptor descriptor, IMessage request, Caller? caller)
    {
        var method = new Method<IMessage, IMessage>(
            descriptor.IsClientStreaming
                ? descriptor.IsServerStreaming ? MethodType.DuplexStreaming : MethodType.ClientStreaming
                : descriptor.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary,
            descriptor.Service.FullName, descriptor.Name, Marshal(descriptor.InputType), Marshal(descriptor.OutputType));
        var options = caller is null ? new CallOptions() : As(caller);
        var invoker = platform.GatewayChannel.CreateCallInvoker();
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, request);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, request))
                        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        try
                        {
                            await call.RequestStream.WriteAsync(request);
                            await call.RequestStream.CompleteAsync();
                        }
                        catch (Exception e) when (e is RpcException or InvalidOperationException)
                        {
                            // The server answered (an unauthenticated call, say) before the request went out: its
                            // status comes with the response.
                        }
                        while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    }
                    break;
            }
            return (StatusCode.OK, "");
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail.Length > 160 ? e.Status.Detail[..160] : e.Status.Detail);
        }
    }

    private static Marshaller<IMessage> Marshal(MessageDescriptor type) => Marshallers.Create(m => m.ToByteArray(), type.Parser.ParseFrom);
}
