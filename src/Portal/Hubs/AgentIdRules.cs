using Microsoft.AspNetCore.SignalR;

namespace LabPortal.Portal.Hubs;

/// <summary>What an agent id may look like: short, printable, no path or markup characters.</summary>
public static class AgentIdRules
{
    public const int MaxLength = 100;

    public static string Check(string? agentId)
    {
        if (string.IsNullOrWhiteSpace(agentId))
        {
            throw new HubException("The agent id is empty.");
        }

        if (agentId.Length > MaxLength || !agentId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            throw new HubException(
                $"The agent id '{agentId[..Math.Min(agentId.Length, MaxLength)]}' must be at most {MaxLength} letters, digits, '-', '_', '.' or ':'.");
        }

        return agentId;
    }
}
