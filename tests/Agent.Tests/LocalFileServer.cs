using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LabPortal.Agent.Tests;

/// <summary>
/// A real HTTP server on a free loopback port that answers GET with the bytes given for a path (and query), 404 for
/// anything else, and remembers what was asked for.
/// </summary>
internal sealed class LocalFileServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly IReadOnlyDictionary<string, byte[]> _files;
    private readonly Task _serving;

    public LocalFileServer(IReadOnlyDictionary<string, byte[]> files)
    {
        _files = files;
        (_listener, BaseAddress) = Listen();
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>The paths (with queries) requested so far, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri Address(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>Asks the system for a free port, then listens on it; tries again if another process took it meanwhile.</summary>
    private static (HttpListener Listener, Uri BaseAddress) Listen()
    {
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var address = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return (listener, address);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed by Dispose
            }

            var path = context.Request.Url!.PathAndQuery;
            Requests.Enqueue(path);
            using var response = context.Response;
            if (_files.TryGetValue(path, out var body))
            {
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body);
            }
            else
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
            }
        }
    }
}
