using System.Text;
using System.Text.Json;
using Actors.Abstractions.Requests;
using Actors.Abstractions.Security;
using Actors.Api.Authentication;
using Actors.Api.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Actors.Api.OpenDsr;

/// <summary>
/// The OpenDSR (formerly OpenGDPR) HTTP routes beside the gRPC Requests service: the same
/// requests, filed and read with the specification's field names, answers signed. Authenticated
/// with the tenant's server key in <c>x-api-key</c>; discovery and the certificate are public.
/// </summary>
public static class OpenDsrRoutes
{
    public const string Prefix = "/opendsr/v1";

    /// <summary>The largest request body accepted: a request is a few identities and URLs.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static WebApplication MapOpenDsr(this WebApplication app)
    {
        var routes = app.MapGroup(Prefix);
        routes.MapGet("/discovery", Discovery).AllowAnonymous();
        routes.MapGet("/certificate.pem", Certificate).AllowAnonymous();
        routes.MapPost("/requests", CreateAsync).RequireAuthorization(Policies.ServerKey);
        routes.MapGet("/requests/{id}", StatusAsync).RequireAuthorization(Policies.ServerKey);
        routes.MapDelete("/requests/{id}", CancelAsync).RequireAuthorization(Policies.ServerKey);
        routes.MapGet("/requests/{id}/export", ExportAsync).RequireAuthorization(Policies.ServerKey);
        return app;
    }

    private static IResult Discovery(HttpContext http, PlatformSigningKey signingKey, IOptions<CallbackOptions> callbacks)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["api_version"] = OpenDsrNames.ApiVersion,
            ["supported_identities"] = new[] { new { identity_type = OpenDsrNames.CustomerIdIdentity, identity_format = OpenDsrNames.RawFormat } },
            ["supported_subject_request_types"] = OpenDsrNames.Types.Select(OpenDsrNames.Of).ToArray(),
            ["processor_certificate"] = $"{BaseUrl(http)}{Prefix}/certificate.pem",
            ["processor_domain"] = callbacks.Value.ProcessorDomain,
            ["processor_public_key"] = signingKey.PublicKeyPem,
            ["processor_public_key_id"] = signingKey.KeyId,
            ["signature_algorithm"] = "ECDSA P-256 with SHA-256 over the exact body bytes; DER, base64, in X-OpenDSR-Signature",
        });
        return new SignedJsonResult(StatusCodes.Status200OK, body, signingKey, callbacks.Value.ProcessorDomain);
    }

    private static IResult Certificate(PlatformSigningKey signingKey, IOptions<CallbackOptions> callbacks, TimeProvider clock) =>
        Results.Text(signingKey.CertificatePem(callbacks.Value.ProcessorDomain, clock.GetUtcNow()), "application/x-pem-file");

    private static Task<IResult> CreateAsync(HttpContext http, RequestIntake intake, Signer signer, ILoggerFactory logs) =>
        OpenDsrErrors.GuardAsync(async () =>
        {
            var raw = await ReadBodyAsync(http);
            if (raw is null)
            {
                return OpenDsrErrors.BadRequest("PayloadTooLarge", null, $"the body is larger than {MaxBodyBytes} bytes");
            }
            OpenDsrRequestBody body;
            try
            {
                body = JsonSerializer.Deserialize<OpenDsrRequestBody>(raw) ?? throw new JsonException("the body is null");
            }
            catch (JsonException e)
            {
                return OpenDsrErrors.BadRequest("MalformedJson", Pointer(e.Path), $"{Expected(e)}");
            }
            if (body.Regulation is { } regulation && regulation != "gdpr")
            {
                return OpenDsrErrors.BadRequest("UnsupportedRegulation", "/regulation", $"regulation '{regulation}' is not supported; this processor handles 'gdpr'");
            }
            if (body.SubjectRequestType is null || OpenDsrNames.TypeNamed(body.SubjectRequestType) is not { } type)
            {
                return OpenDsrErrors.BadRequest("UnsupportedRequestType", "/subject_request_type",
                    $"subject_request_type '{body.SubjectRequestType}' is not one of {string.Join(", ", OpenDsrNames.Types.Select(OpenDsrNames.Of))}");
            }
            if (body.SubjectIdentities is not [{ IdentityType: OpenDsrNames.CustomerIdIdentity, IdentityFormat: OpenDsrNames.RawFormat, IdentityValue: { } userId }])
            {
                return OpenDsrErrors.BadRequest("UnsupportedIdentity", "/subject_identities",
                    $"subject_identities must hold exactly one identity of type '{OpenDsrNames.CustomerIdIdentity}' in format '{OpenDsrNames.RawFormat}' (the tenant's user id)");
            }
            var extension = Extension(body, signer.ProcessorDomain);
            var state = await intake.FileAsync(http.Caller(), body.SubjectRequestId ?? "", type, userId, body.SubmittedTime,
                body.StatusCallbackUrls ?? [], extension.IdentityVerificationPending,
                extension.Rectifications ?? [], extension.ObjectionPurposes ?? [], "opendsr", http.RequestAborted);
            var answer = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["controller_id"] = state.TenantId,
                ["expected_completion_time"] = RequestDeadlines.ExpectedCompletion(state, signer.Now),
                ["received_time"] = state.ReceivedAt,
                ["encoded_request"] = Convert.ToBase64String(raw),
                ["subject_request_id"] = state.RequestId.ToString("D"),
            });
            return signer.Json(StatusCodes.Status201Created, answer);
        }, logs.CreateLogger(typeof(OpenDsrRoutes)));

    private static Task<IResult> StatusAsync(string id, HttpContext http, RequestIntake intake, Signer signer, ILoggerFactory logs) =>
        OpenDsrErrors.GuardAsync(async () => signer.Status(http, await intake.Find(http.Caller(), id).GetAsync()), logs.CreateLogger(typeof(OpenDsrRoutes)));

    private static Task<IResult> CancelAsync(string id, HttpContext http, RequestIntake intake, Signer signer, ILoggerFactory logs) =>
        OpenDsrErrors.GuardAsync(async () =>
        {
            var caller = http.Caller();
            var cancelled = await intake.Find(caller, id).CancelAsync(caller.KeyId, "cancelled through OpenDSR");
            // The specification's answer to a cancellation: 202 and who, which and when.
            return signer.Json(StatusCodes.Status202Accepted, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["controller_id"] = cancelled.TenantId,
                ["subject_request_id"] = cancelled.RequestId.ToString("D"),
                ["received_time"] = cancelled.ReceivedAt,
                ["api_version"] = OpenDsrNames.ApiVersion,
            }));
        }, logs.CreateLogger(typeof(OpenDsrRoutes)));

    private static Task<IResult> ExportAsync(string id, HttpContext http, RequestIntake intake, Signer signer, ILoggerFactory logs) =>
        OpenDsrErrors.GuardAsync(async () =>
        {
            var caller = http.Caller();
            return signer.Json(StatusCodes.Status200OK, Encoding.UTF8.GetBytes(await intake.Find(caller, id).GetExportAsync(caller.KeyId)));
        }, logs.CreateLogger(typeof(OpenDsrRoutes)));

    private static OpenDsrExtension Extension(OpenDsrRequestBody body, string processorDomain)
    {
        if (body.Extensions?.GetValueOrDefault(processorDomain) is not { ValueKind: JsonValueKind.Object } ours)
        {
            return new OpenDsrExtension();
        }
        try
        {
            return ours.Deserialize<OpenDsrExtension>() ?? new OpenDsrExtension();
        }
        catch (JsonException e)
        {
            throw Errors.Reject.InvalidArgument($"extensions.{processorDomain}", e.Message);
        }
    }

    /// <summary>The body, or null if it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>System.Text.Json's path (<c>$.subject_identities[0].identity_value</c>) as a JSON pointer.</summary>
    private static string? Pointer(string? path) =>
        path is null or "$" ? null
        : string.Concat(System.Text.RegularExpressions.Regex.Matches(path[1..], @"\.([^.\[]+)|\['([^']*)'\]|\[(\d+)\]")
            .Select(m => "/" + Json.JsonPointers.Escape(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value)));

    /// <summary>What the value at fault should have been, without the parser's .NET type names.</summary>
    private static string Expected(JsonException e) => e.Path is null or "$"
        ? "the body is not a JSON object of an OpenDSR request"
        : e.Message.Contains("DateTimeOffset", StringComparison.Ordinal) ? "must be an RFC 3339 time, for example \"2026-11-23T10:00:00Z\""
        : e.Message.Contains("Boolean", StringComparison.Ordinal) ? "must be true or false"
        : e.Message.Contains("String", StringComparison.Ordinal) ? "must be a JSON string"
        : e.Message.Contains("List", StringComparison.Ordinal) ? "must be a JSON array"
        : e.Message.Contains("Dictionary", StringComparison.Ordinal) ? "must be a JSON object"
        : "has a value of the wrong JSON type";

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>Signs answers with the platform's key and names the processor's domain.</summary>
    public sealed class Signer(PlatformSigningKey signingKey, IOptions<CallbackOptions> callbacks, TimeProvider clock)
    {
        public string ProcessorDomain => callbacks.Value.ProcessorDomain;

        public DateTimeOffset Now => clock.GetUtcNow();

        public IResult Json(int statusCode, byte[] body) => new SignedJsonResult(statusCode, body, signingKey, ProcessorDomain);

        public IResult Status(HttpContext http, DataSubjectRequestState request)
        {
            var baseUrl = callbacks.Value.ResultsBaseUrl.Length > 0 ? callbacks.Value.ResultsBaseUrl : BaseUrl(http);
            return Json(StatusCodes.Status200OK, OpenDsrStatusDocument.Write(request, Now, callbackUrl: null, baseUrl));
        }
    }
}
