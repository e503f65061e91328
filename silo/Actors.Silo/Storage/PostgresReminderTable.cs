using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Actors.Silo.Storage;

/// <summary>
/// The Orleans reminder table on PostgreSQL (<c>OrleansRemindersTable</c>, our schema 004), with
/// the registrations of every grain of the silo that wait together stored in one transaction
/// (<see cref="GroupCommit{TWork,TResult}"/>). Every new user registers its retention timer with
/// its first write; one commit each made new users' writes cost 1.6 times as much (measured:
/// 891 against 1,435 writes/s of new users without the timer). A registration still returns
/// only once it is committed. Reads and removals are rare and go straight to the database.
/// Rows are what the Orleans ADO.NET provider wrote before: GrainHash is the grain id's uniform
/// hash as a signed integer, Period milliseconds, Version the ETag.
/// </summary>
public sealed class PostgresReminderTable : IReminderTable, IAsyncDisposable
{
    private const string Columns = "GrainId, ReminderName, StartTime, Period, Version";

    private readonly NpgsqlDataSource _database;
    private readonly string _serviceId;
    private readonly GroupCommit<ReminderEntry, string?> _upserts;

    public PostgresReminderTable(NpgsqlDataSource database, ClusterOptions cluster, int upsertsPerCommit)
    {
        (_database, _serviceId) = (database, cluster.ServiceId);
        _upserts = new(UpsertAsync, _ => 1, upsertsPerCommit, writers: 1,
            "register the reminder", "Actors:StateWritesPerCommit");
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync(planPerCall: false, $"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2", grainId.ToString());

    /// <summary>
    /// The ring range (begin, end]; it wraps past the end when begin is not below end as signed
    /// integers. Planned per call: one silo's range is the whole table, or a part of it.
    /// </summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        ReadAsync(planPerCall: true, (int)begin < (int)end
            ? $"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainHash > $2 AND GrainHash <= $3"
            : $"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND (GrainHash > $2 OR GrainHash <= $3)",
            (int)begin, (int)end);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await ReadAsync(planPerCall: false, $"SELECT {Columns} FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = $3",
            grainId.ToString(), reminderName)).Reminders.FirstOrDefault();

    public Task<string?> UpsertRow(ReminderEntry entry) => _upserts.EnqueueAsync(entry);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var delete = _database.CreateCommand(
            "DELETE FROM OrleansRemindersTable WHERE ServiceId = $1 AND GrainId = $2 AND ReminderName = $3 AND Version = $4");
        delete.Parameters.Add(new() { Value = _serviceId });
        delete.Parameters.Add(new() { Value = grainId.ToString() });
        delete.Parameters.Add(new() { Value = reminderName });
        delete.Parameters.Add(new() { Value = int.Parse(eTag, CultureInfo.InvariantCulture) });
        return await delete.ExecuteNonQueryAsync() > 0;
    }

    public async Task TestOnlyClearTable()
    {
        await using var delete = _database.CreateCommand("DELETE FROM OrleansRemindersTable WHERE ServiceId = $1");
        delete.Parameters.Add(new() { Value = _serviceId });
        await delete.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _upserts.DisposeAsync();

    /// <summary>One transaction (a batch runs as one): per registration, its new ETag.</summary>
    private async Task<IReadOnlyList<string?>> UpsertAsync(IReadOnlyList<ReminderEntry> entries)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var entry in entries)
        {
            batch.BatchCommands.Add(new(
                """
                INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
                VALUES ($1, $2, $3, $4, $5, $6, 0)
                ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
                    SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash, Version = r.Version + 1
                RETURNING r.Version
                """)
            {
                Parameters =
                {
                    new() { Value = _serviceId },
                    new() { Value = entry.GrainId.ToString() },
                    new() { Value = entry.ReminderName },
                    new() { Value = DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    new() { Value = (long)entry.Period.TotalMilliseconds },
                    new() { Value = (int)entry.GrainId.GetUniformHashCode() },
                },
            });
        }
        await using var reader = await batch.ExecuteReaderAsync();
        return [.. (await PostgresGrainStorage.ReadVersionsAsync(reader, entries.Count)).Select(v => v?.ToString(CultureInfo.InvariantCulture))];
    }

    private async Task<ReminderTableData> ReadAsync(bool planPerCall, string sql, params object[] parameters)
    {
        var select = new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = _serviceId } } };
        foreach (var parameter in parameters)
        {
            select.Parameters.Add(new() { Value = parameter });
        }
        await using var connection = await _database.OpenConnectionAsync();
        await using var batch = planPerCall ? PlannedPerCall.Batch(connection, select) : new NpgsqlBatch(connection) { BatchCommands = { select } };
        await using var reader = await batch.ExecuteReaderAsync();
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt32(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return new ReminderTableData(entries);
    }
}
