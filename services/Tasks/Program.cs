using Shuangsuiji.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("tasks");

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
