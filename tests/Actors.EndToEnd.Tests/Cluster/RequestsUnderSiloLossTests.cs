using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>
/// Erasure requests running on three silos when one is killed with SIGKILL: every request still
/// completes, with its receipt, on the silos left (the request's durable timer wakes it there).
/// </summary>
public sealed class RequestsUnderSiloLossTests(ITestOutputHelper output)
{
    private const int Requests = 60;

    /// <summary>Approves, sending again while the cluster refuses during the loss; returns how many refusals there were.</summary>
    private static async Task<int> ApproveAsync(ActorsClient server, string requestId)
    {
        for (var refusals = 0; ; refusals++)
        {
            try
            {
                await server.ApproveRequestAsync(requestId);
                return refusals;
            }
            catch (ActorsApiException) when (refusals < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    [Fact]
    public async Task Erasure_requests_interrupted_by_a_silo_loss_all_complete_with_their_receipts()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 3, new Dictionary<string, string> { ["Actors:RequestCheckPeriod"] = "00:00:02" });
        var serverKey = await cluster.CreateLoadTenantAsync();
        using var server = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = cluster.Gateway.Address, ApiKey = serverKey });
        var users = Enumerable.Range(0, Requests).Select(_ => TestTenant.NewUserId()).ToList();
        foreach (var user in users)
        {
            await server.UpsertAttributesAsync(user, new Dictionary<string, string> { ["city"] = "Zwolle" });
        }
        using (var admin = cluster.Admin())
        {
            await admin.SetRequestPolicyAsync("load", new RequestPolicy { ReviewBeforeProcessing = true });
        }
        var requestIds = users.Select(_ => Guid.NewGuid().ToString("D")).ToList();
        await Task.WhenAll(users.Select((user, i) =>
            server.CreateRequestAsync(new CreateRequestRequest { RequestId = requestIds[i], Type = V1.RequestType.Erasure, UserId = user })));

        // Approving starts every erasure at once; one silo dies while they run.
        var approvals = Task.WhenAll(requestIds.Select(id => ApproveAsync(server, id)));
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        await cluster.Silos[1].KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        var retried = (await approvals).Sum();

        var completed = new HashSet<string>();
        await Poll.UntilAsync(async () =>
        {
            foreach (var requestId in requestIds.Where(id => !completed.Contains(id)))
            {
                try
                {
                    var request = await server.GetRequestAsync(requestId);
                    if (request.Status == V1.RequestStatus.Completed && request.ReceiptAvailable)
                    {
                        completed.Add(requestId);
                    }
                }
                catch (ActorsApiException)
                {
                    // The cluster is still noticing the loss; ask again.
                }
            }
            return completed.Count == Requests;
        }, timeoutSeconds: 90);

        output.WriteLine($"{Requests} erasure requests completed {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:F1} s after the kill of 1 of 3 silos; " +
            $"{retried} approvals were refused during the loss and sent again, as a client would");
        foreach (var (user, requestId) in users.Zip(requestIds))
        {
            var refusal = await Assert.ThrowsAsync<ActorsApiException>(() => server.GetProfileAsync(user));
            Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, refusal.Status);
            Assert.True(PlatformSignatures.Verify(await server.GetErasureReceiptAsync(requestId), new Abstractions.Security.PlatformSigningKey(
                Abstractions.Security.MasterKey.Parse(cluster.Secrets.MasterKey)).PublicKeyPem));
        }
    }
}
