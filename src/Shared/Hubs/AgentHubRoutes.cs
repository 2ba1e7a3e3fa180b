namespace LabPortal.Shared.Hubs;

public static class AgentHubRoutes
{
    /// <summary>Where the portal maps its agent hub.</summary>
    public const string Path = "/hubs/agents";
}
