using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder in front of a server, for a host that should lose it: while closed, connections are refused and those
/// open are cut, as when the server is down; opened again, on the same port, it forwards as before.
/// </summary>
public sealed class TcpGate : IDisposable
{
    private readonly DnsEndPoint target;
    private readonly ConcurrentBag<TcpClient> open = [];
    private TcpListener listener;
    private CancellationTokenSource accepting = new();

    public TcpGate(string host, int port)
    {
        target = new DnsEndPoint(host, port);
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync(listener, accepting.Token);
    }

    public int Port { get; }

    public void Close()
    {
        accepting.Cancel();
        listener.Stop();
        foreach (var client in open) client.Dispose();
        open.Clear();
    }

    public void Open()
    {
        accepting = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        _ = AcceptAsync(listener, accepting.Token);
    }

    public void Dispose() => Close();

    private async Task AcceptAsync(TcpListener from, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await from.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(target.Host, target.Port, ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            open.Add(client);
            open.Add(server);
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
