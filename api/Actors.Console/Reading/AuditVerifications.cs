using System.Collections.Concurrent;
using Actors.Abstractions.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Actors.PrivacyConsole.Reading;

/// <summary>
/// The console's audit verifications, one at a time per tenant, run in the background so that a
/// long chain does not hold a page open; the page asks how far it has come.
/// </summary>
public sealed class AuditVerifications(IAuditReader audit, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<AuditVerifications> logger)
{
    private readonly ConcurrentDictionary<string, AuditVerificationRun> _runs = new(StringComparer.Ordinal);

    /// <summary>The tenant's running verification, or a new one if none runs.</summary>
    public AuditVerificationRun Start(string tenantId)
    {
        while (true)
        {
            if (_runs.TryGetValue(tenantId, out var current) && !current.Finished)
            {
                return current;
            }
            var run = new AuditVerificationRun(clock.GetUtcNow());
            if (current is null ? _runs.TryAdd(tenantId, run) : _runs.TryUpdate(tenantId, run, current))
            {
                _ = Task.Run(() => RunAsync(tenantId, run));
                return run;
            }
        }
    }

    /// <summary>The tenant's last verification, running or done; null if none ran since the process started.</summary>
    public AuditVerificationRun? Last(string tenantId) => _runs.GetValueOrDefault(tenantId);

    private async Task RunAsync(string tenantId, AuditVerificationRun run)
    {
        try
        {
            run.Finish(await audit.VerifyAsync(tenantId, run, lifetime.ApplicationStopping), null);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The console's audit verification of tenant {Tenant} failed", tenantId);
            run.Finish(null, e is OperationCanceledException ? "the platform stopped before the check ended" : "the check could not be made (the database could not be read); the platform's log has the reason");
        }
    }
}

/// <summary>One verification: its progress while it runs, then its result or why it could not finish.</summary>
public sealed class AuditVerificationRun(DateTimeOffset startedAt) : IProgress<AuditProgress>
{
    private AuditProgress _progress = new(0, 0);

    public DateTimeOffset StartedAt { get; } = startedAt;

    public AuditProgress Progress => Volatile.Read(ref _progress);

    public AuditVerification? Result { get; private set; }

    public string? Failure { get; private set; }

    public bool Finished => Result is not null || Failure is not null;

    public void Report(AuditProgress value) => Volatile.Write(ref _progress, value);

    internal void Finish(AuditVerification? result, string? failure) => (Result, Failure) = (result, failure);
}
