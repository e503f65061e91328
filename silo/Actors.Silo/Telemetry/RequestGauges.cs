using System.Diagnostics.Metrics;
using Actors.Abstractions.Cells;
using Actors.Abstractions.Telemetry;
using Npgsql;

namespace Actors.Silo.Telemetry;

/// <summary>
/// The cell's data subject requests as gauges: open and final ones by type and state, those due
/// within 7 days and those overdue. A scrape reads the last count, taken every
/// <see cref="TelemetryOptions.RequestGaugePeriod"/> by one query over all tenants; a scrape never
/// waits for the database. Tagged by region, so the cells of one gateway stay apart; never by tenant.
/// </summary>
public sealed class RequestGauges : BackgroundService
{
    private const string CountQuery = """
        SELECT request_type, status, count(*),
               count(*) FILTER (WHERE due_at >= $1 AND due_at < $2),
               count(*) FILTER (WHERE due_at < $1)
          FROM actors_requests
         GROUP BY request_type, status
        """;

    private static readonly TimeSpan DueSoon = TimeSpan.FromDays(7);

    private readonly NpgsqlDataSource _database;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _period;
    private readonly KeyValuePair<string, object?> _region;
    private readonly ILogger<RequestGauges> _logger;
    private volatile IReadOnlyList<Row> _rows = [];

    public RequestGauges(NpgsqlDataSource database, PlatformMetrics metrics, CellRegion region, TelemetryOptions options, TimeProvider clock, ILogger<RequestGauges> logger)
    {
        (_database, _clock, _period, _logger) = (database, clock, options.RequestGaugePeriod, logger);
        _region = new("region", region.Name);
        metrics.Meter.CreateObservableGauge("actors.requests", () => _rows.Select(r =>
            new Measurement<long>(r.Count, _region, new("type", r.Type), new("state", r.State))), "{request}", "Data subject requests by type and state");
        // By type alone: one measurement per series, the states' counts added up (a gauge keeps only the last value of a series).
        metrics.Meter.CreateObservableGauge("actors.requests.due_soon", () => ByType(r => r.DueSoon), "{request}", "Open requests whose legal deadline falls within 7 days");
        metrics.Meter.CreateObservableGauge("actors.requests.overdue", () => ByType(r => r.Overdue), "{request}", "Open requests past their legal deadline");
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_period, _clock);
        do
        {
            try
            {
                _rows = await CountAsync(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The last counts stay and the next period tries again: a metric never stops the process.
                _logger.LogWarning("Could not count the requests for the metrics ({Error}); the gauges keep their last values", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
    }

    private IEnumerable<Measurement<long>> ByType(Func<Row, long> count) =>
        _rows.GroupBy(r => r.Type, StringComparer.Ordinal).Select(type => new Measurement<long>(type.Sum(count), _region, new("type", type.Key)));

    private async Task<IReadOnlyList<Row>> CountAsync(CancellationToken stopping)
    {
        var now = _clock.GetUtcNow();
        await using var count = _database.CreateCommand(CountQuery);
        count.Parameters.Add(new() { Value = now });
        count.Parameters.Add(new() { Value = now + DueSoon });
        await using var reader = await count.ExecuteReaderAsync(stopping);
        var rows = new List<Row>();
        while (await reader.ReadAsync(stopping))
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return rows;
    }

    private sealed record Row(string Type, string State, long Count, long DueSoon, long Overdue);
}
