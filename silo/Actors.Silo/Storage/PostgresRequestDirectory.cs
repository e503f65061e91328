using System.Text;
using System.Text.Json;
using Actors.Abstractions.Requests;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>A tenant's requests queried straight from <c>actors_requests</c>: by status, type, and deadline.</summary>
public sealed class PostgresRequestDirectory(NpgsqlDataSource database, ILogger<PostgresRequestDirectory> logger) : IRequestDirectory
{
    public Task<IReadOnlyList<DataSubjectRequestState>> ListAsync(string tenantId, RequestQuery query, CancellationToken cancellationToken) =>
        DatabaseFailure.TranslateAsync<IReadOnlyList<DataSubjectRequestState>>(async () =>
        {
            var select = new NpgsqlBatchCommand();
            var sql = new StringBuilder("SELECT state FROM actors_requests WHERE tenant_id = $1");
            select.Parameters.Add(new() { Value = tenantId });
            void Filter(string condition, object value)
            {
                select.Parameters.Add(new() { Value = value });
                sql.Append(" AND ").Append(condition.Replace("@", $"${select.Parameters.Count}", StringComparison.Ordinal));
            }
            if (query.Status is { } status)
            {
                Filter("status = @", OpenDsrNames.Of(status));
            }
            if (query.Type is { } type)
            {
                Filter("request_type = @", OpenDsrNames.Of(type));
            }
            if (query.DueBefore is { } dueBefore)
            {
                Filter("(due_at < @ OR target_at < @)", dueBefore);
            }
            if (query.OverdueAt is { } overdueAt)
            {
                Filter("due_at < @", overdueAt);
            }
            if (query.After is { } after)
            {
                Filter("(received_at, request_id) > (SELECT received_at, request_id FROM actors_requests WHERE tenant_id = $1 AND request_id = @)", after);
            }
            select.Parameters.Add(new() { Value = query.Limit });
            sql.Append($" ORDER BY received_at, request_id LIMIT ${select.Parameters.Count}");
            select.CommandText = sql.ToString();
            var found = new List<DataSubjectRequestState>();
            // With few overdue requests, a plan made for any deadline walks the tenant's requests
            // in order of receipt; a plan for this one reads the index of open requests by deadline.
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var batch = PlannedPerCall.Batch(connection, select);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(JsonSerializer.Deserialize<DataSubjectRequestState>(reader.GetString(0), RequestJson.Options)!);
            }
            return found;
        }, "list the requests", logger);
}
