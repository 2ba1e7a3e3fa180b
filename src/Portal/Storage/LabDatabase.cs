using LabPortal.Portal.Accounts;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Models;
using LabPortal.Shared.Runs;
using System.Collections.Concurrent;
using LiteDB;

namespace LabPortal.Portal.Storage;

/// <summary>
/// The portal's one LiteDB file and its collections, with the indexes the pages rely on. LiteDB closes its engine for
/// good after an I/O error (a full disk) and repeats that error on every later call; a storage failure seen here
/// (<see cref="NoteFailure"/>) makes the next access open the file again, so the portal recovers once
/// there is space, without a restart.
/// <para>
/// Every instance it closes stays referenced for the life of the process. LiteDB 5 leaves a transaction that was in
/// flight on another thread when its engine closed undisposed, and that transaction's finalizer throws on the
/// finalizer thread, which ends the process (seen in CI: "discarded page must be writable" from
/// TransactionService.Finalize). A closed engine costs its page cache; engines close at shutdown and after a storage
/// failure, both rare.
/// </para>
/// </summary>
public sealed class LabDatabase : IDisposable
{
    private static readonly ConcurrentQueue<LiteDatabase> Closed = new();
    private readonly string _path;
    private readonly Lock _reopenGate = new();
    private volatile LiteDatabase _db;
    private volatile bool _suspect;
    private volatile bool _disposed;
    private long _commits;
    private int _transactionsInFlight;

    public LabDatabase(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _db = Open(path);

        Runs.EnsureIndex(r => r.State);
        Runs.EnsureIndex(ActiveAgentIndex, ActiveAgentKey);
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

    /// <summary>
    /// The agent holding a run while it is assigned or running, null once it is queued or finished (a finished run keeps
    /// its agent's id for history). Every heartbeat asks for its agent's runs; this index answers without reading the
    /// other agents' runs. A query must use this very expression to be served by the index.
    /// </summary>
    public const string ActiveAgentKey = "IIF($.State = 'Assigned' OR $.State = 'Running', $.AgentId, null)";

    public const string ActiveAgentIndex = "ActiveAgent";

    public ILiteCollection<ExperimentRecord> Experiments => Database.GetCollection<ExperimentRecord>("experiments");

    public ILiteCollection<RunRecord> Runs => Database.GetCollection<RunRecord>("runs");

    public ILiteCollection<AgentRecord> Agents => Database.GetCollection<AgentRecord>("agents");

    public ILiteCollection<MetricPoint> Points => Database.GetCollection<MetricPoint>("points");

    public ILiteCollection<UserRecord> Users => Database.GetCollection<UserRecord>("users");

    public ILiteCollection<ApiTokenRecord> ApiTokens => Database.GetCollection<ApiTokenRecord>("apiTokens");

    public ILiteCollection<AgentTokenRecord> AgentTokens => Database.GetCollection<AgentTokenRecord>("agentTokens");

    /// <summary>The tail of each run's log (one document per run).</summary>
    public ILiteCollection<RunLogRecord> RunLogs => Database.GetCollection<RunLogRecord>("runlogs");

    public ILiteCollection<DatasetRecord> Datasets => Database.GetCollection<DatasetRecord>("datasets");

    /// <summary>Run artifacts (adapters, predictions) stored in the same file.</summary>
    public ILiteStorage<string> Files => Database.FileStorage;

    /// <summary>
    /// Called with a failure from any use of the database: when it is a storage failure, the next access opens the
    /// file again. Returns whether it was a storage failure.
    /// </summary>
    public bool NoteFailure(Exception failure)
    {
        var storage = failure is IOException || failure is LiteException lite && LeavesEngineBroken(lite);
        _suspect |= storage;
        return storage;
    }

    /// <summary>
    /// LiteDB 5 failures after which its engine fails every later call: it closed itself, a transaction is in an
    /// invalid state, or its table of 100 open transactions is full of ones its own faults never closed. Only a fresh
    /// instance recovers; a duplicate key or a lock timeout is not one of them.
    /// </summary>
    private static bool LeavesEngineBroken(LiteException failure) =>
        failure.ErrorCode is LiteException.ENGINE_DISPOSED or LiteException.INVALID_TRANSACTION_STATE
            or LiteException.INVALID_DATAFILE_STATE or LiteException.DATABASE_SHUTDOWN
        || failure.Message.StartsWith("Maximum number of transactions", StringComparison.Ordinal); // LiteDB gives it no code

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

    /// <summary>
    /// How many transactions <see cref="InTransaction{T}"/> has committed: what a change costs in commits, for tests and
    /// diagnostics (a single LiteDB call outside it commits on its own and is not counted).
    /// </summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is stored, or none.</summary>
    public T InTransaction<T>(Func<T> work)
    {
        // Counted before the disposed check in Database, so Dispose either refuses this one or waits for it.
        Interlocked.Increment(ref _transactionsInFlight);
        try
        {
            return InCountedTransaction(work);
        }
        finally
        {
            Interlocked.Decrement(ref _transactionsInFlight);
        }
    }

    private T InCountedTransaction<T>(Func<T> work)
    {
        var db = Database;
        if (!db.BeginTrans())
        {
            return work(); // already inside one on this thread: it is the outer one's to commit or roll back
        }

        t_transactionOf = this;
        List<RunRecord> saved = t_savedRuns = [];
        T result;
        try
        {
            result = work();
            db.Commit();
            Interlocked.Increment(ref _commits);
        }
        catch (Exception failure)
        {
            NoteFailure(failure);
            try
            {
                db.Rollback();
            }
            catch (Exception rollbackFailure) when (NoteFailure(rollbackFailure))
            {
                // LiteDB closed the file on a storage failure: nothing is left to roll back.
            }

            throw;
        }
        finally
        {
            t_transactionOf = null;
            t_savedRuns = null;
        }

        // Outside the transaction: a listener's failure cannot undo a commit.
        saved.ForEach(Announce);
        return result;
    }

    /// <summary>
    /// Raised, on the saving thread, once a save of a run is committed (after its transaction, or at once for a save
    /// outside one); never for a save that was rolled back.
    /// </summary>
    public event Action<RunRecord>? RunSaved;

    /// <summary>Every insert or update of a run calls this, so <see cref="RunSaved"/> hears of it when it is committed.</summary>
    public void NoteRunSaved(RunRecord run)
    {
        if (t_transactionOf == this && t_savedRuns is { } pending)
        {
            pending.Add(run);
        }
        else
        {
            Announce(run);
        }
    }

    private void Announce(RunRecord run) => RunSaved?.Invoke(run);

    /// <summary>The runs saved in this thread's transaction, announced when it commits.</summary>
    [ThreadStatic]
    private static List<RunRecord>? t_savedRuns;

    /// <summary>The database whose transaction this thread is running (LiteDB transactions belong to a thread), if any.</summary>
    [ThreadStatic]
    private static LabDatabase? t_transactionOf;

    public void Dispose()
    {
        lock (_reopenGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        // New accesses now throw; let the transactions already under way commit before the engine closes. LiteDB 5
        // disposes another thread's open transaction from under it on close, and the file could then be left with a
        // header that points at a page the transaction never finished (seen once in CI, at load 45, as "page type must
        // be collection page" when the file was opened again).
        if (!SpinWait.SpinUntil(() => Volatile.Read(ref _transactionsInFlight) == 0, ShutdownWait))
        {
            Console.Error.WriteLine($"LabDatabase: closing with {_transactionsInFlight} transaction(s) still running after {ShutdownWait.TotalSeconds:0} s.");
        }

        Close(_db);
    }

    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The open database; after a storage failure, a fresh one. The old instance is not trusted even if it still
    /// answers: after a failed write its cache may hold pages the file never got, and later commits would be lost.
    /// Once disposed, it stays closed: a failure seen during shutdown must not open the file again.
    /// </summary>
    private LiteDatabase Database
    {
        get
        {
            // A transaction under way when shutdown began may finish its work: Dispose waits for it.
            ObjectDisposedException.ThrowIf(_disposed && t_transactionOf != this, this);
            if (!_suspect)
            {
                return _db;
            }

            lock (_reopenGate)
            {
                ObjectDisposedException.ThrowIf(_disposed && t_transactionOf != this, this);
                if (_suspect)
                {
                    Close(_db);
                    _db = Open(_path);
                    _suspect = false;
                }

                return _db;
            }
        }
    }

    private static void Close(LiteDatabase database)
    {
        Closed.Enqueue(database);
        try
        {
            database.Dispose();
        }
        catch (Exception failure) when (failure is IOException or LiteException)
        {
            // It failed on storage already; whatever it could not write was never committed.
        }
    }

    // A k-class matrix (MNLI) is kept beside the binary cells, as rows of counts; two-class records stay as they were.
    private static BsonDocument ToBson(ConfusionCounts counts)
    {
        var document = new BsonDocument
        {
            ["tp"] = counts.TruePositives,
            ["fp"] = counts.FalsePositives,
            ["tn"] = counts.TrueNegatives,
            ["fn"] = counts.FalseNegatives,
        };
        if (counts.Classes is { } classes)
        {
            document["classes"] = new BsonArray(classes.Rows.Select(row => new BsonArray(row.Select(n => new BsonValue(n)))));
        }

        return document;
    }

    private static ConfusionCounts FromBson(BsonValue bson)
    {
        var counts = new ConfusionCounts(bson["tp"].AsInt64, bson["fp"].AsInt64, bson["tn"].AsInt64, bson["fn"].AsInt64);
        return bson["classes"].IsArray
            ? counts with { Classes = new ClassConfusion { Rows = bson["classes"].AsArray.Select(row => row.AsArray.Select(n => n.AsInt64).ToArray()).ToArray() } }
            : counts;
    }

    private static LiteDatabase Open(string path) =>
        new(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, CreateMapper());

    private static BsonValue Nullable(double? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    private static double? NullableDouble(BsonValue value) => value.IsNull ? null : value.AsDouble;

    private static string? NullableString(BsonValue value) => value.IsString ? value.AsString : null;

    private static BsonMapper CreateMapper()
    {
        // Store strings exactly as given (LiteDB's defaults turn "" into null and trim whitespace).
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        // ConfusionCounts and ModelInfo are immutable records without a parameterless constructor: map it by hand.
        mapper.RegisterType(ToBson, FromBson);
        mapper.RegisterType(
            scores => new BsonDocument
            {
                ["pearson"] = scores.Pearson,
                ["spearman"] = scores.Spearman,
                ["mse"] = scores.MeanSquaredError,
                ["count"] = scores.Count,
            },
            bson => new RegressionScores(bson["pearson"].AsDouble, bson["spearman"].AsDouble, bson["mse"].AsDouble, bson["count"].AsInt32));
        mapper.RegisterType(
            model => new BsonDocument
            {
                ["name"] = model.Name,
                ["description"] = model.Description,
                ["parameters"] = model.Parameters,
                ["hiddenSize"] = model.HiddenSize,
                ["layers"] = model.Layers,
                ["family"] = model.Family,
                ["intermediateSize"] = model.IntermediateSize,
                ["heads"] = model.AttentionHeads,
                ["kvHeads"] = model.KeyValueHeads,
                ["headSize"] = model.HeadSize,
                ["gated"] = model.GatedFeedForward,
                ["vocab"] = model.VocabSize,
                ["stored"] = model.StoredPrecision,
            },
            // Records stored before the memory estimate lack the shape fields: they read as zero / null ("unknown").
            bson => new ModelInfo(
                bson["name"].AsString, bson["description"].AsString, bson["parameters"].AsInt64, bson["hiddenSize"].AsInt32, bson["layers"].AsInt32)
            {
                Family = NullableString(bson["family"]),
                IntermediateSize = bson["intermediateSize"].AsInt32,
                AttentionHeads = bson["heads"].AsInt32,
                KeyValueHeads = bson["kvHeads"].AsInt32,
                HeadSize = bson["headSize"].AsInt32,
                GatedFeedForward = bson["gated"].IsBoolean && bson["gated"].AsBoolean, // absent before T5's estimate
                VocabSize = bson["vocab"].AsInt32,
                StoredPrecision = NullableString(bson["stored"]),
            });
        // Short keys: a LoRA run stores one of these per adapted layer at every log step.
        mapper.RegisterType(
            norm => new BsonDocument { ["layer"] = norm.Layer, ["a"] = Nullable(norm.A), ["b"] = Nullable(norm.B), ["u"] = Nullable(norm.Update) },
            bson => new AdapterNorm(bson["layer"].AsString, NullableDouble(bson["a"]), NullableDouble(bson["b"]), NullableDouble(bson["u"])));
        mapper.Entity<AgentRecord>().Ignore(a => a.IsOnline).Ignore(a => a.IsIdle).Ignore(a => a.TakesRuns);
        mapper.Entity<ApiTokenRecord>().Ignore(t => t.IsActive);
        mapper.Entity<AgentTokenRecord>().Ignore(t => t.IsActive);
        return mapper;
    }
}
