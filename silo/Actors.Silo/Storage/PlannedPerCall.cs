using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>
/// A query whose best plan depends on its parameters, run with a plan made for them. The pools
/// prepare every statement used a few times (<see cref="PostgresDataSource"/>), and PostgreSQL may
/// then plan a prepared statement once for any parameters (a generic plan). For a listing of one
/// user's audit entries, a tenant's overdue requests or one silo's range of reminders, that plan
/// assumes an average share of the rows and can scan the wrong index, or a whole one.
/// </summary>
public static class PlannedPerCall
{
    /// <summary>
    /// One round trip: <paramref name="query"/> in a read-only transaction that asks for a plan per
    /// execution; its reader is left on the query's rows. Run it on a connection opened for it and
    /// disposed after: if the query fails, the server skips the COMMIT, and the pool rolls the
    /// transaction back when the connection returns.
    /// </summary>
    public static NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlBatchCommand query) => new(connection)
    {
        BatchCommands = { new("BEGIN READ ONLY"), new("SET LOCAL plan_cache_mode = force_custom_plan"), query, new("COMMIT") },
    };
}
