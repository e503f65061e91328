using Actors.Abstractions.Audit;
using Actors.Abstractions.Security;
using Actors.Abstractions.Telemetry;
using Actors.Silo.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Actors.Silo.Hosting;

/// <summary>
/// The audit trail's services. Every role writes entries (a separate gateway writes its own) and
/// answers a tenant's reads of them; only silos expire old entries. The grain storage and the
/// request store append with the same <see cref="AuditChainAppend"/>.
/// </summary>
public static class AuditSetup
{
    public static IServiceCollection AddActorsAudit(this IServiceCollection services, PlatformOptions options, NpgsqlDataSource database)
    {
        services.AddSingleton(options.Audit);
        services.AddSingleton<AuditChainAppend>();
        services.AddSingleton<IAuditTrail>(provider => new PostgresAuditTrail(database, options.Audit, provider.GetRequiredService<AuditChainAppend>(),
            provider.GetRequiredService<PlatformMetrics>(), provider.GetRequiredService<ILogger<PostgresAuditTrail>>()));
        services.AddSingleton(provider => new AuditVerifier(database, provider.GetRequiredService<PlatformSigningKey>().PublicKeyPem));
        services.AddSingleton<IAuditReader>(provider => new PostgresAuditReader(database,
            provider.GetRequiredService<AuditVerifier>(), provider.GetRequiredService<ILogger<PostgresAuditReader>>()));
        if (options.Role != PlatformRole.Gateway)
        {
            services.AddHostedService<AuditRetention>();
        }
        return services;
    }
}
