using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Shuangsuiji.Api.Directories.V1;

namespace Shuangsuiji.Gateway.Api;

/// <summary>Departments, for authenticated callers; the directories service decides who may change what.</summary>
[Authorize]
public sealed class DepartmentsGateway(Departments.DepartmentsClient directories) : Departments.DepartmentsBase
{
    public override Task<Department> CreateDepartment(CreateDepartmentRequest request, ServerCallContext context) =>
        directories.CreateDepartmentAsync(request).ResponseAsync;

    public override Task<Department> RenameDepartment(RenameDepartmentRequest request, ServerCallContext context) =>
        directories.RenameDepartmentAsync(request).ResponseAsync;

    public override Task<Department> AddInternalUnit(AddInternalUnitRequest request, ServerCallContext context) =>
        directories.AddInternalUnitAsync(request).ResponseAsync;

    public override Task<Department> RemoveInternalUnit(RemoveInternalUnitRequest request, ServerCallContext context) =>
        directories.RemoveInternalUnitAsync(request).ResponseAsync;

    public override Task<Department> RetireDepartment(RetireDepartmentRequest request, ServerCallContext context) =>
        directories.RetireDepartmentAsync(request).ResponseAsync;

    public override Task<Department> GetDepartment(GetDepartmentRequest request, ServerCallContext context) =>
        directories.GetDepartmentAsync(request).ResponseAsync;

    public override Task<ListDepartmentsResponse> ListDepartments(ListDepartmentsRequest request, ServerCallContext context) =>
        directories.ListDepartmentsAsync(request).ResponseAsync;
}
