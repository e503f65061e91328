using Actors.Abstractions.Requests;
using System.Net.Http.Headers;
using Actors.Abstractions.Security;
using Microsoft.Extensions.Options;

namespace Actors.Silo.Callbacks;

/// <summary>
/// POSTs one callback: the exact stored body, signed with the platform's key (ECDSA P-256,
/// base64 DER over the raw bytes), which receivers verify with the public key from discovery.
/// </summary>
public sealed class CallbackSender(IHttpClientFactory clients, PlatformSigningKey signingKey, IOptions<CallbackOptions> options)
{
    public const string ClientName = "actors-callbacks";
    public const string SignatureHeader = "X-OpenDSR-Signature";
    public const string ProcessorDomainHeader = "X-OpenDSR-Processor-Domain";

    /// <summary>The outbox row's id: the same on every attempt, so a receiver can drop a second copy.</summary>
    public const string DeliveryIdHeader = "X-OpenDSR-Delivery-Id";

    public async Task<DeliveryOutcome> SendAsync(PendingCallback callback, CancellationToken stopping)
    {
        if (CallbackUrls.Validate(callback.Url, options.Value.AllowPrivateNetworks) is { } invalid)
        {
            return new(DeliveryResult.Refused, invalid);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, callback.Url) { Content = new ByteArrayContent(callback.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SignatureHeader, signingKey.SignToBase64(callback.Body));
        request.Headers.Add(ProcessorDomainHeader, options.Value.ProcessorDomain);
        request.Headers.Add(DeliveryIdHeader, callback.DeliveryId.ToString());
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stopping);
            return response.IsSuccessStatusCode
                ? new(DeliveryResult.Delivered)
                : new(DeliveryResult.Failed, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return new(DeliveryResult.Abandoned);
        }
        catch (Exception e) when (Refusal(e) is { } refusal)
        {
            return new(DeliveryResult.Refused, refusal.Message);
        }
        catch (OperationCanceledException)
        {
            return new(DeliveryResult.Failed, $"no answer within {options.Value.RequestTimeout}");
        }
        catch (HttpRequestException e)
        {
            // The error kind, not the message: messages may quote what the receiver sent back.
            return new(DeliveryResult.Failed, $"{nameof(HttpRequestException)} ({e.HttpRequestError})");
        }
        catch (Exception e)
        {
            return new(DeliveryResult.Failed, e.GetType().Name);
        }
    }

    private static CallbackRefusedException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is CallbackRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }
}
