using Actors.Grains.Placement;
using Actors.Silo.Hosting;
using Npgsql;

namespace Actors.Silo.Placement;

/// <summary>
/// Keeps <see cref="TenantDedications"/> in step with the cell's database: at start-up a
/// dedicated silo records its tenant and every silo reads the dedications before it joins the
/// cluster; then they are read again every <see cref="PlatformOptions.DedicationRefreshPeriod"/>.
/// Started before the silo, so no grain is placed before the dedications are known.
/// </summary>
public sealed class DedicationRecord(NpgsqlDataSource database, PlatformOptions options, TenantDedications dedications,
    TimeProvider clock, ILogger<DedicationRecord> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.DedicatedTenant.Length > 0)
        {
            await using var record = database.CreateCommand(
                "INSERT INTO actors_tenant_dedications (tenant_id) VALUES ($1) ON CONFLICT (tenant_id) DO NOTHING");
            record.Parameters.AddWithValue(options.DedicatedTenant);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await ReadAsync(cancellationToken);
        logger.LogInformation("This silo hosts {Hosts}; {Count} tenants of the cell have silos of their own",
            SiloHosting.For(options.DedicatedTenant), dedications.Tenants.Count);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.DedicationRefreshPeriod, clock, stopping);
                try
                {
                    await ReadAsync(stopping);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The last dedications read stay in force: a tenant is never let onto shared silos by an outage.
                    logger.LogWarning(e, "Could not read the tenant dedications; keeping the last ones read");
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ReadAsync(CancellationToken cancellation)
    {
        await using var select = database.CreateCommand("SELECT tenant_id FROM actors_tenant_dedications");
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        var tenants = new List<string>();
        while (await reader.ReadAsync(cancellation))
        {
            tenants.Add(reader.GetString(0));
        }
        dedications.Replace(tenants);
    }
}
