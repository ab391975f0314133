using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Shuangsuiji.Workbench.SignIn;

/// <summary>A Data Protection key as ASP.NET Core writes it (XML), kept in the workbench's store.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// The Data Protection keys (which protect the session cookie, the sign-in's correlation and the stored tickets) in the
/// workbench's database, where every replica reads the same ring: a session begun at one replica goes on at another.
/// </summary>
public sealed class SharedKeys(IServiceProvider services) : IXmlRepository, IConfigureOptions<KeyManagementOptions>
{
    private IDocumentStore Store => services.GetRequiredService<IDocumentStore>();

    public void Configure(KeyManagementOptions options) => options.XmlRepository = this;

    // Data Protection asks synchronously, and seldom: when it loads the ring (then every few hours) and when it makes a key.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var query = Store.QuerySession();
        return [.. query.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = Store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
