using Actors.Abstractions.Audit;
using Actors.Abstractions.Telemetry;
using Actors.Abstractions.Users;
using Actors.Api.Audit;
using Actors.Api.Authentication;
using Actors.Api.DeviceTokens;
using Actors.Api.Geo;
using Actors.Api.Mapping;
using Actors.Api.Tenants;
using Actors.Api.Users;
using Actors.Api.Validation;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Actors.Api.Services;

/// <summary>
/// The Events service of the contract: device batches folded into per-user activity, and kept
/// encrypted as raw events where the tenant's policy says so.
/// </summary>
public sealed class EventsService(UserGrains users, TenantDirectory tenants, CountryLookup countries, PlatformMetrics metrics, AuditRecorder audit, DeviceAccess devices, TimeProvider clock) : Events.EventsBase
{
    [Authorize(Policy = Policies.AnyTenantKey)]
    public override async Task<EventReceipt> SendEvents(EventBatch request, ServerCallContext context) =>
        ToReceipt(await RecordAsync(request, context), context);

    [Authorize(Policy = Policies.AnyTenantKey)]
    public override async Task<EventReceipt> StreamEvents(IAsyncStreamReader<EventBatch> requestStream, ServerCallContext context)
    {
        var total = EventIntake.None;
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            total = total.Add(await RecordAsync(batch, context));
        }
        return ToReceipt(total, context);
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<Activity> GetActivity(GetActivityRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var state = await user.GetAsync();
        await audit.UserAsync(context, AuditOperations.ActivityRead, user);
        return UserMapper.ToActivity(request.UserId, state);
    }

    /// <summary>One grain call per user of the batch, in parallel; each returns after its commit, which holds its audit entry.</summary>
    private async Task<EventIntake> RecordAsync(EventBatch batch, ServerCallContext context)
    {
        var keepRaw = (await tenants.GetAsync(context.Caller().TenantId, context.CancellationToken)).Retention.KeepsRawEvents;
        var byUser = EventRules.ByUser(batch, clock.GetUtcNow(), keepRaw, () => countries.CountryOfCaller(context));
        var device = devices.RequireForEvents(context, batch);
        var actor = context.Caller().KeyId;
        var intakes = await Task.WhenAll(byUser.Select(u => users.For(context, u.Key).RecordEventsAsync(actor, u.Value, keepRaw, device)));
        var intake = intakes.Aggregate(EventIntake.None, (sum, next) => sum.Add(next));
        metrics.EventsIngested(intake.Accepted);
        metrics.EventsDropped(intake.DroppedSuppressed, "suppressed");
        metrics.EventsDropped(intake.DroppedErased, "erased");
        metrics.EventsDropped(intake.DroppedOverLimit, "over_limit");
        return intake;
    }

    /// <summary>The whole breakdown for a server key; for a device key, whose key is public, only the count received.</summary>
    private static EventReceipt ToReceipt(EventIntake intake, ServerCallContext context)
    {
        var received = intake.Accepted + intake.DroppedSuppressed + intake.DroppedErased + intake.DroppedOverLimit;
        return context.Caller().Kind == Abstractions.Tenants.ApiKeyKind.Device
            ? new EventReceipt { Received = received }
            : new EventReceipt
            {
                Received = received,
                Accepted = intake.Accepted,
                DroppedSuppressed = intake.DroppedSuppressed,
                DroppedErased = intake.DroppedErased,
                DroppedOverLimit = intake.DroppedOverLimit,
            };
    }
}
