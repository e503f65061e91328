using Actors.Abstractions.Security;
using Microsoft.AspNetCore.Http;

namespace Actors.Api.OpenDsr;

/// <summary>
/// A JSON answer signed as OpenDSR asks: the platform's signature over the exact body bytes in
/// <c>X-OpenDSR-Signature</c>, and the processor's domain in <c>X-OpenDSR-Processor-Domain</c>.
/// </summary>
public sealed class SignedJsonResult(int statusCode, byte[] body, PlatformSigningKey signingKey, string processorDomain) : IResult
{
    public const string SignatureHeader = "X-OpenDSR-Signature";
    public const string DomainHeader = "X-OpenDSR-Processor-Domain";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.Headers[SignatureHeader] = signingKey.SignToBase64(body);
        response.Headers[DomainHeader] = processorDomain;
        response.Headers.CacheControl = "no-store";
        await response.Body.WriteAsync(body);
    }
}
