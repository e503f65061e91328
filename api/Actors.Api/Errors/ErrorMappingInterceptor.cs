using Actors.Abstractions.Cells;
using Actors.Abstractions.Errors;
using Actors.Api.Cells;
using Actors.Api.Json;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace Actors.Api.Errors;

/// <summary>
/// Turns what grains and the runtime throw into gRPC statuses with a clear message, so a
/// client never sees an unexplained INTERNAL for a reason it could act on.
/// </summary>
/// <param name="cell">Absent where a gateway of several regions answers a call itself (health).</param>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger, PlatformRegions regions, CellRegion? cell = null) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e) when (JsonRefusal.IsJsonCall(context))
        {
            throw JsonRefusal.ForJsonCall(e);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw JsonRefusal.IsJsonCall(context) ? JsonRefusal.ForJsonCall(Map(e, context)) : Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    /// <summary>On a gateway of several regions, an outage names its region: the caller learns which cell is down.</summary>
    private RpcException Map(Exception exception, ServerCallContext context)
    {
        var mapped = MapInCell(exception, context);
        return regions.Several && cell is not null && mapped.StatusCode == StatusCode.Unavailable
            ? Reject.Status(Code.Unavailable, $"region '{cell.Name}': {mapped.Status.Detail}")
            : mapped;
    }

    private RpcException MapInCell(Exception exception, ServerCallContext context)
    {
        // Orleans wraps what a storage provider throws; the refusal may be an inner exception.
        if (Causes(exception).OfType<DomainException>().FirstOrDefault() is { } refusal)
        {
            return Map(refusal);
        }
        switch (exception)
        {
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return Reject.Status(Code.Cancelled, "the call was cancelled by the client or its deadline passed");
            case OperationCanceledException:
                // Cancelled by the platform, not the client: a silo stopped while the call ran.
                logger.LogWarning(exception, "The cluster cancelled {Method}", context.Method);
                return Reject.Status(Code.Unavailable, "the call was interrupted while the cluster changed; it may or may not have been stored: read before retrying");
            case TimeoutException:
                return Reject.Status(Code.DeadlineExceeded, "the platform did not answer in time; the change may or may not have been stored: read before retrying");
            case OrleansMessageRejectionException or GatewayTooBusyException or ClientNotAvailableException:
                return Reject.Status(Code.Unavailable, "the silo owning this user is unavailable; retry shortly");
            case var _ when Causes(exception).OfType<InconsistentStateException>().Any():
                // Another activation wrote first (a silo was lost): this write was not stored.
                return Reject.Status(Code.Aborted, "the user was changed concurrently while the cluster recovered; nothing was stored: retry");
            case OrleansException:
                // The cluster is changing (a silo stopping, a connection dropped): not the caller's fault.
                logger.LogWarning(exception, "The cluster could not complete {Method}", context.Method);
                return Reject.Status(Code.Unavailable, "the cluster could not complete the call while it changes; retry shortly");
        }
        var incident = Guid.NewGuid().ToString("N")[..12];
        logger.LogError(exception, "Unexpected failure {Incident} in {Method}", incident, context.Method);
        return Reject.Status(Code.Internal, $"internal error (incident {incident})");
    }

    /// <summary>The status a grain's refusal maps to; the OpenDSR routes use it too.</summary>
    public static RpcException Map(DomainException e) => e.Error switch
    {
        DomainError.NotFound when e.Field is not null => Reject.WithField(Code.NotFound, e.Field, e.Message),
        DomainError.NotFound => Reject.Status(Code.NotFound, e.Message),
        DomainError.AlreadyExists => Reject.Status(Code.AlreadyExists, e.Message),
        DomainError.Erased or DomainError.Suppressed or DomainError.FailedPrecondition => Reject.Status(Code.FailedPrecondition, e.Message),
        DomainError.StorageUnavailable or DomainError.Unavailable => Reject.Status(Code.Unavailable, e.Message),
        DomainError.Conflict => Reject.Status(Code.Aborted, e.Message),
        DomainError.Corrupted => Reject.Status(Code.DataLoss, e.Message),
        DomainError.PermissionDenied => Reject.WithField(Code.PermissionDenied, e.Field ?? "request", e.Message),
        _ => Reject.WithField(Code.InvalidArgument, e.Field ?? "request", e.Message),
    };

    public static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
