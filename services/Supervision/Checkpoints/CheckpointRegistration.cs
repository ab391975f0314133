using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.Supervision.Checkpoints;

public static class CheckpointRegistration
{
    /// <summary>The notary: its key, its tables beside the store, its sources, the periodic watch.</summary>
    public static IHostApplicationBuilder AddCheckpointNotary(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => NotaryKey.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => new CheckpointTables(EventStoreExtensions.SchemaName(sp.GetRequiredService<IConfiguration>(), "supervision")));
        builder.Services.AddTableSetup(sp => (sp.GetRequiredService<CheckpointTables>().Schema, sp.GetRequiredService<CheckpointTables>().CreateStatements));
        ChainSources.Add(builder.Services);
        builder.Services.AddSingleton<Notary>();
        builder.Services.AddHostedService<CheckpointWatch>();
        return builder;
    }
}
