namespace LabPortal.Agent.Connection;

/// <summary>
/// The agent's stable id: the one given, else one stored per device in the user's local app data
/// (created once as machine-device-random), so restarts and reconnects keep it.
/// </summary>
public static class AgentIdentity
{
    public static string Resolve(string? configured, string device, string? folder = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var deviceSlug = new string(device.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
        var derived = $"{Environment.MachineName.ToLowerInvariant()}-{deviceSlug}";
        folder ??= Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "LabPortal");
        if (string.IsNullOrEmpty(folder) || !Path.IsPathRooted(folder))
        {
            return derived; // no place to store it: the machine + device name is stable enough
        }

        var file = Path.Combine(folder, $"agent-id-{deviceSlug}.txt");
        try
        {
            if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } stored)
            {
                return stored;
            }

            // A random suffix keeps two machines with the same name apart.
            var created = $"{derived}-{Guid.NewGuid().ToString("N")[..8]}";
            Directory.CreateDirectory(folder);
            File.WriteAllText(file, created + "\n");
            return created;
        }
        catch (IOException)
        {
            return derived;
        }
        catch (UnauthorizedAccessException)
        {
            return derived;
        }
    }
}
