namespace LabPortal.Portal.Accounts;

/// <summary>A personal API token: it acts as its owner in the JSON API.</summary>
public sealed class ApiTokenRecord : IssuedToken
{
    public string UserName { get; set; } = "";
}
