namespace LabPortal.Portal.Storage;

/// <summary>Registered datasets; names are unique regardless of case.</summary>
public sealed class DatasetStore(LabDatabase db)
{
    private readonly Lock _gate = new();

    public IReadOnlyList<DatasetRecord> List() => db.Datasets.Query().OrderBy(d => d.NameKey).ToList();

    public DatasetRecord? Get(int id) => db.Datasets.FindById(id);

    public DatasetRecord? Find(string name) => db.Datasets.FindOne(d => d.NameKey == KeyOf(name));

    /// <summary>Stores the dataset unless its name is taken; false when it is.</summary>
    public bool TryAdd(DatasetRecord dataset)
    {
        lock (_gate)
        {
            dataset.NameKey = KeyOf(dataset.Name);
            if (db.Datasets.Exists(d => d.NameKey == dataset.NameKey))
            {
                return false;
            }

            db.Datasets.Insert(dataset);
            return true;
        }
    }

    private static string KeyOf(string name) => name.Trim().ToLowerInvariant();
}
