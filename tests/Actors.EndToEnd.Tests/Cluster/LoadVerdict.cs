using Actors.EndToEnd.Tests.Infrastructure;
using System.Text;
using Actors.Client;
using Grpc.Core;
using static Actors.EndToEnd.Tests.Cluster.WriteLoad;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>
/// Reads back every user a <see cref="WriteLoad"/> wrote and compares with what was
/// acknowledged. A stored value below the last acknowledged one is a lost write; one above it
/// must come from a write that failed (applied, but its answer was lost), never from nowhere.
/// </summary>
public sealed record LoadVerdict(
    int Acknowledged,
    IReadOnlyDictionary<StatusCode, int> FailedByStatus,
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> Impossible,
    int AppliedButFailed)
{
    /// <summary>The statuses a client may get while the cluster recovers: all say "not done, retry".</summary>
    public static readonly IReadOnlySet<StatusCode> RetryableStatuses = new HashSet<StatusCode>
    {
        StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.Aborted,
    };

    public IEnumerable<StatusCode> UnexpectedStatuses => FailedByStatus.Keys.Where(s => !RetryableStatuses.Contains(s));

    public static async Task<LoadVerdict> CheckAsync(WriteLoad load, Uri gateway, string apiKey)
    {
        using var client = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = gateway, ApiKey = apiKey, Timeout = TimeSpan.FromSeconds(10) });
        var lost = new List<string>();
        var impossible = new List<string>();
        var appliedButFailed = 0;
        foreach (var group in load.Acknowledgements.GroupBy(a => (a.User, a.Kind)))
        {
            var acknowledged = group.Max(a => a.Value);
            var stored = await StoredValueAsync(client, group.Key.User, group.Key.Kind);
            var attempted = load.Attempted(group.Key.User, group.Key.Kind);
            if (stored < acknowledged)
            {
                lost.Add($"{group.Key.User} {group.Key.Kind}: acknowledged {acknowledged}, stored {stored}");
            }
            else if (stored > attempted || stored > acknowledged && !load.Failures.Any(f => f.User == group.Key.User && f.Kind == group.Key.Kind && f.Value == stored))
            {
                impossible.Add($"{group.Key.User} {group.Key.Kind}: stored {stored} was never acknowledged nor failed");
            }
            else if (stored > acknowledged)
            {
                appliedButFailed++;
            }
        }
        var failed = load.Failures.GroupBy(f => f.Status).ToDictionary(g => g.Key, g => g.Count());
        return new LoadVerdict(load.Acknowledgements.Count, failed, lost, impossible, appliedButFailed);
    }

    /// <summary>A line of figures for the test's output and docs/benchmarks.md.</summary>
    public string Report() =>
        new StringBuilder()
            .Append($"acknowledged {Acknowledged}, failed {FailedByStatus.Values.Sum()}")
            .Append(FailedByStatus.Count == 0 ? "" : $" ({string.Join(", ", FailedByStatus.Select(f => $"{f.Key} {f.Value}"))})")
            .Append($", applied-but-failed {AppliedButFailed}, lost {Lost.Count}, impossible {Impossible.Count}")
            .ToString();

    private static async Task<long> StoredValueAsync(ActorsClient client, string user, WriteKind kind)
    {
        if (kind == WriteKind.Attribute)
        {
            var profile = await client.GetProfileAsync(user);
            return long.Parse(profile.Attributes.Single(a => a.Name == "city").Value);
        }
        var consents = await client.GetConsentsAsync(user);
        return long.Parse(consents.Current.Single(c => c.Purpose == "marketing").PolicyVersion);
    }
}
