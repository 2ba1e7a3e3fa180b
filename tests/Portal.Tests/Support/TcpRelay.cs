using System.Net;
using System.Net.Sockets;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of the portal, so a test can cut an agent's network (every open connection
/// closed, new ones refused) and restore it on the same port, as a flaky link would.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource _accepting = new();

    public TcpRelay(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Resume();
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Closes every relayed connection and refuses new ones until <see cref="Resume"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _accepting.Cancel();
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                client.Close();
            }

            _open.Clear();
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            _accepting = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            _ = AcceptAsync(_listener, _accepting.Token);
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancel);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(inbound, cancel);
        }
    }

    /// <summary>
    /// Connects one accepted client to the target. While the target is down (the portal is being restarted) the client
    /// is closed at once, as a refused connection would be; the accept loop goes on either way.
    /// </summary>
    private async Task RelayAsync(TcpClient inbound, CancellationToken cancel)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(_target, cancel);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            outbound.Dispose();
            inbound.Close();
            return;
        }

        lock (_gate)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        _ = PumpAsync(inbound, outbound);
        _ = PumpAsync(outbound, inbound);
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // Cut, or the other side closed.
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }
}
