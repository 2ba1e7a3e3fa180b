using LabPortal.Portal.Accounts;
using LabPortal.Portal.Auth;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Models;
using LiteDB;

namespace LabPortal.Portal.Storage;

/// <summary>The portal's one LiteDB file and its collections, with the indexes the pages rely on.</summary>
public sealed class LabDatabase : IDisposable
{
    private readonly LiteDatabase _db;

    public LabDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, CreateMapper());

        Experiments = _db.GetCollection<ExperimentRecord>("experiments");
        Runs = _db.GetCollection<RunRecord>("runs");
        Agents = _db.GetCollection<AgentRecord>("agents");
        Points = _db.GetCollection<MetricPoint>("points");
        Users = _db.GetCollection<UserRecord>("users");
        ApiTokens = _db.GetCollection<ApiTokenRecord>("apiTokens");
        AgentTokens = _db.GetCollection<AgentTokenRecord>("agentTokens");
        Files = _db.FileStorage;
        RunLogs = _db.GetCollection<RunLogRecord>("runlogs");
        Datasets = _db.GetCollection<DatasetRecord>("datasets");

        Runs.EnsureIndex(r => r.State);
        Runs.EnsureIndex(r => r.ExperimentId);
        Points.EnsureIndex(p => p.RunId);
        Users.EnsureIndex(u => u.UserName, unique: true);
        ApiTokens.EnsureIndex(t => t.TokenHash, unique: true);
        ApiTokens.EnsureIndex(t => t.UserName);
        AgentTokens.EnsureIndex(t => t.TokenHash, unique: true);
        Datasets.EnsureIndex(d => d.NameKey, unique: true);
        // History filters and sorts on these.
        Runs.EnsureIndex(r => r.CreatedAt);
        Runs.EnsureIndex(r => r.CreatedBy);
        Runs.EnsureIndex(r => r.Model);
        Runs.EnsureIndex(r => r.Task);
        Runs.EnsureIndex(r => r.Method);
        Runs.EnsureIndex(r => r.ExperimentName);
        Runs.EnsureIndex("Tags", "$.Tags[*]");
    }

    public ILiteCollection<ExperimentRecord> Experiments { get; }

    public ILiteCollection<RunRecord> Runs { get; }

    public ILiteCollection<AgentRecord> Agents { get; }

    public ILiteCollection<MetricPoint> Points { get; }

    public ILiteCollection<UserRecord> Users { get; }

    public ILiteCollection<ApiTokenRecord> ApiTokens { get; }

    public ILiteCollection<AgentTokenRecord> AgentTokens { get; }

    /// <summary>The tail of each run's log (one document per run).</summary>
    public ILiteCollection<RunLogRecord> RunLogs { get; }

    public ILiteCollection<DatasetRecord> Datasets { get; }

    /// <summary>Run artifacts (adapters, predictions) stored in the same file.</summary>
    public ILiteStorage<string> Files { get; }

    /// <summary>
    /// The one lock every change to runs and agents takes (RunStore, AgentStore, <see cref="Together{T}"/>), so a change
    /// that writes both never interleaves with another and two transactions never wait on each other's collections.
    /// </summary>
    public Lock WriteGate { get; } = new();

    /// <summary>A change to runs and agents as one: under <see cref="WriteGate"/>, in one transaction, all stored or none.</summary>
    public T Together<T>(Func<T> work)
    {
        lock (WriteGate)
        {
            return InTransaction(work);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is stored, or none.</summary>
    public T InTransaction<T>(Func<T> work)
    {
        if (!_db.BeginTrans())
        {
            return work(); // already inside one on this thread: it is the outer one's to commit or roll back
        }

        try
        {
            var result = work();
            _db.Commit();
            return result;
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    public void Dispose() => _db.Dispose();

    private static BsonMapper CreateMapper()
    {
        // Store strings exactly as given (LiteDB's defaults turn "" into null and trim whitespace).
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        // ConfusionCounts and ModelInfo are immutable records without a parameterless constructor: map it by hand.
        mapper.RegisterType(
            counts => new BsonDocument
            {
                ["tp"] = counts.TruePositives,
                ["fp"] = counts.FalsePositives,
                ["tn"] = counts.TrueNegatives,
                ["fn"] = counts.FalseNegatives,
            },
            bson => new ConfusionCounts(bson["tp"].AsInt64, bson["fp"].AsInt64, bson["tn"].AsInt64, bson["fn"].AsInt64));
        mapper.RegisterType(
            model => new BsonDocument
            {
                ["name"] = model.Name,
                ["description"] = model.Description,
                ["parameters"] = model.Parameters,
                ["hiddenSize"] = model.HiddenSize,
                ["layers"] = model.Layers,
            },
            bson => new ModelInfo(
                bson["name"].AsString, bson["description"].AsString, bson["parameters"].AsInt64, bson["hiddenSize"].AsInt32, bson["layers"].AsInt32));
        mapper.Entity<AgentRecord>().Ignore(a => a.IsOnline).Ignore(a => a.IsIdle).Ignore(a => a.TakesRuns);
        mapper.Entity<ApiTokenRecord>().Ignore(t => t.IsActive);
        mapper.Entity<AgentTokenRecord>().Ignore(t => t.IsActive);
        return mapper;
    }
}
