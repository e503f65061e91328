using Actors.EndToEnd.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Diagnostics;
using Actors.Client;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>
/// Keeps writing through the gateway while a test breaks things: each worker has its own
/// connection and its own users, and alternates an attribute upsert and a consent grant whose
/// values only ever increase. Every acknowledgement and every failure is recorded.
/// </summary>
public sealed class WriteLoad(Uri gateway, string apiKey, int workers, int usersPerWorker)
{
    private readonly ConcurrentBag<Acknowledged> _acknowledged = [];
    private readonly ConcurrentBag<Failed> _failed = [];
    private readonly ConcurrentDictionary<string, long> _attempted = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyCollection<Acknowledged> Acknowledgements => _acknowledged;

    public IReadOnlyCollection<Failed> Failures => _failed;

    /// <summary>Seconds since the load was created, the time base of every record.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public static string UserId(int worker, int user) => $"w{worker}-u{user}";

    public async Task RunAsync(CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w, stop))));
    }

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        using var client = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = gateway, ApiKey = apiKey, Timeout = TimeSpan.FromSeconds(5) });
        for (long n = 1; !stop.IsCancellationRequested; n++)
        {
            var user = UserId(worker, (int)(n % usersPerWorker));
            var kind = n / usersPerWorker % 2 == 0 ? WriteKind.Attribute : WriteKind.Consent;
            var key = $"{user}/{kind}";
            _attempted[key] = n;
            var started = Now;
            try
            {
                var version = kind == WriteKind.Attribute
                    ? (await client.UpsertAttributesAsync(user, new Dictionary<string, string> { ["city"] = n.ToString() })).Version
                    : (await client.GrantConsentAsync(user, "marketing", LawfulBasis.Consent, "load", n.ToString())).Version;
                _acknowledged.Add(new Acknowledged(user, kind, n, version, Now));
            }
            catch (ActorsApiException e)
            {
                _failed.Add(new Failed(user, kind, n, e.Status, e.Detail, started, Now));
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>The highest value ever sent for a user's attribute or consent, acknowledged or not.</summary>
    public long Attempted(string user, WriteKind kind) => _attempted.GetValueOrDefault($"{user}/{kind}");

    public enum WriteKind { Attribute, Consent }

    public sealed record Acknowledged(string User, WriteKind Kind, long Value, long Version, double At);

    public sealed record Failed(string User, WriteKind Kind, long Value, StatusCode Status, string Detail, double Started, double At);
}
