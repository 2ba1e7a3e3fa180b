using System.Text.Json;
using LabPortal.Shared;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using LabPortal.Shared.Hubs;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Support;

/// <summary>A SignalR connection to the in-memory portal's agent hub, as an agent makes it (long polling through the test server).</summary>
public static class TestAgentConnection
{
    /// <remarks><paramref name="json"/> replaces the agent's JSON options (for example to send what an agent could not).</remarks>
    public static HubConnection Create<TEntryPoint>(WebApplicationFactory<TEntryPoint> portal, string? token, JsonSerializerOptions? json = null)
        where TEntryPoint : class =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(portal.Server.BaseAddress, AgentHubRoutes.Path), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => portal.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult(token);
            })
            .AddJsonProtocol(protocol => protocol.PayloadSerializerOptions = json ?? LabJson.Options)
            .Build();
}
