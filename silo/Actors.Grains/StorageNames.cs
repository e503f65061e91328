namespace Actors.Grains;

/// <summary>
/// Names under which grain state is stored. Each names rows in PostgreSQL: never rename one
/// once data exists.
/// </summary>
public static class StorageNames
{
    /// <summary>The grain storage provider backed by PostgreSQL.</summary>
    public const string Provider = "actors";

    public const string UserState = "user";
    public const string TenantState = "tenant";
}
