namespace LabPortal.Portal.LocalAgents;

/// <summary>Finds the agent's entry assembly for local agents: configured, or built beside the portal in the checkout.</summary>
public static class AgentExecutableLocator
{
    private const string AgentDll = "LabPortal.Agent.dll";

    public static string? Find(string configuredPath, string portalBaseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return File.Exists(configuredPath) ? Path.GetFullPath(configuredPath) : null;
        }

        // Published side by side (docker image, or a folder copy).
        var besidePortal = Path.Combine(portalBaseDirectory, "agent", AgentDll);
        if (File.Exists(besidePortal))
        {
            return besidePortal;
        }

        // A checkout: the portal's build also builds src/Agent (a project reference without the assembly).
        for (var dir = new DirectoryInfo(portalBaseDirectory); dir is not null; dir = dir.Parent)
        {
            var agentBin = Path.Combine(dir.FullName, "src", "Agent", "bin");
            if (Directory.Exists(agentBin))
            {
                return Directory.EnumerateFiles(agentBin, AgentDll, SearchOption.AllDirectories)
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault();
            }
        }

        return null;
    }
}
