using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Actors.Client.Tls;
using Grpc.Net.Client;

namespace Actors.Client;

/// <summary>
/// The connection both clients share: the key on every call, a deadline per call, and gRPC
/// failures turned into <see cref="ActorsApiException"/>.
/// </summary>
internal sealed class PlatformChannel : IDisposable
{
    private readonly GrpcChannel _channel;
    private const string DeviceTokenHeader = "x-device-token";

    private readonly TimeSpan _timeout;
    private readonly DeviceTokenCache? _deviceTokens;
    private readonly PlatformCertificateTrust _trust;

    public PlatformChannel(ActorsClientOptions options)
    {
        _timeout = options.Timeout;
        _deviceTokens = options.DeviceTokenProvider is { } provider ? new DeviceTokenCache(provider) : null;
        _trust = new PlatformCertificateTrust(options.CaCertificatePath);
        _channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
        {
            HttpHandler = _trust.Handler(options.ClientCertificate),
            MaxReceiveMessageSize = options.MaxReceiveMessageSize,
            MaxSendMessageSize = options.MaxSendMessageSize,
        });
        Invoker = _channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", options.ApiKey);
            if (!string.IsNullOrEmpty(options.Region))
            {
                metadata.Add("x-actors-region", options.Region);
            }
            return metadata;
        });
    }

    public CallInvoker Invoker { get; }

    public Task<T> CallAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellation) =>
        WithDeviceTokenAsync(async headers => await call(new CallOptions(headers, DateTime.UtcNow + _timeout, cancellation)), cancellation);

    /// <summary>A client-streaming call: every message sent, then the one answer.</summary>
    public Task<TResponse> StreamAsync<TRequest, TResponse>(
        Func<CallOptions, AsyncClientStreamingCall<TRequest, TResponse>> start, IAsyncEnumerable<TRequest> messages, CancellationToken cancellation) =>
        TranslateAsync(async () =>
        {
            using var call = start(new CallOptions(await DeviceTokenHeadersAsync(refresh: false, cancellation), cancellationToken: cancellation));
            await foreach (var message in messages.WithCancellation(cancellation))
            {
                await call.RequestStream.WriteAsync(message, cancellation);
            }
            await call.RequestStream.CompleteAsync();
            return await call;
        });

    /// <summary>A unary call with the device token, if any; a refused token is asked for again once, and the call retried.</summary>
    private Task<T> WithDeviceTokenAsync<T>(Func<Metadata?, Task<T>> call, CancellationToken cancellation) =>
        TranslateAsync(async () =>
        {
            try
            {
                return await call(await DeviceTokenHeadersAsync(refresh: false, cancellation));
            }
            catch (RpcException e) when (_deviceTokens is not null && e.StatusCode == StatusCode.PermissionDenied
                && e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Any(v => v.Field == DeviceTokenHeader) == true)
            {
                return await call(await DeviceTokenHeadersAsync(refresh: true, cancellation));
            }
        });

    private async Task<Metadata?> DeviceTokenHeadersAsync(bool refresh, CancellationToken cancellation) =>
        _deviceTokens is null ? null : new Metadata { { DeviceTokenHeader, await _deviceTokens.GetAsync(refresh, cancellation) } };

    private async Task<T> TranslateAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (IsTlsRefusal(e))
        {
            // grpc-dotnet reports a refused handshake as INTERNAL; the platform was not reached.
            throw new ActorsApiException(StatusCode.Unavailable, _trust.LastRefusal ?? $"the TLS connection to the platform failed: {e.Status.DebugException?.GetBaseException().Message}", [], e);
        }
        catch (RpcException e)
        {
            var violations = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations
                .Select(v => new FieldViolation(v.Field, v.Description)).ToArray() ?? [];
            throw new ActorsApiException(e.StatusCode, e.Status.Detail, violations, e);
        }
    }

    private static bool IsTlsRefusal(RpcException e)
    {
        if (e.StatusCode is not (StatusCode.Unavailable or StatusCode.Internal))
        {
            return false;
        }
        for (var cause = e.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            if (cause is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }
        return false;
    }

    public void Dispose() => _channel.Dispose();
}
