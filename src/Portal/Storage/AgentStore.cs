namespace LabPortal.Portal.Storage;

/// <summary>Agents the portal has seen; changes take the lock runs take too (<see cref="LabDatabase.WriteGate"/>).</summary>
public sealed class AgentStore(LabDatabase db)
{
    public AgentRecord? Get(string id) => db.Agents.FindById(id);

    public IReadOnlyList<AgentRecord> List() => db.Agents.Query().OrderBy(a => a.Id).ToList();

    /// <summary>Forgets an agent that is offline; false if it is unknown or online.</summary>
    public bool DeleteOffline(string id)
    {
        lock (db.WriteGate)
        {
            return db.Agents.FindById(id) is { IsOnline: false } && db.Agents.Delete(id);
        }
    }

    /// <summary>Creates the agent if it is new, then applies <paramref name="change"/> and saves it.</summary>
    public AgentRecord Upsert(string id, DateTime now, Action<AgentRecord> change)
    {
        lock (db.WriteGate)
        {
            var agent = db.Agents.FindById(id) ?? new AgentRecord { Id = id, FirstSeen = now };
            change(agent);
            db.Agents.Upsert(agent);
            return agent;
        }
    }

    /// <summary>Applies <paramref name="change"/> to a known agent; null if unknown or the change declined.</summary>
    public AgentRecord? Update(string id, Func<AgentRecord, bool> change)
    {
        lock (db.WriteGate)
        {
            var agent = db.Agents.FindById(id);
            if (agent is null || !change(agent))
            {
                return null;
            }

            db.Agents.Update(agent);
            return agent;
        }
    }

    /// <summary>After a portal restart no connection survives: every agent starts offline until it re-registers.</summary>
    public void MarkAllOffline()
    {
        lock (db.WriteGate)
        {
            foreach (var agent in db.Agents.Find(a => a.ConnectionId != null))
            {
                agent.ConnectionId = null;
                db.Agents.Update(agent);
            }
        }
    }
}
