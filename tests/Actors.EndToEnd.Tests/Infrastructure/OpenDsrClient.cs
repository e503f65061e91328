using System.Net.Http.Json;
using System.Text.Json;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>A tenant's privacy tooling speaking OpenDSR over plain HTTP/JSON to the platform's JSON endpoint.</summary>
public sealed class OpenDsrClient : IDisposable
{
    private readonly HttpClient _http;

    public OpenDsrClient(Uri jsonAddress, string? apiKey)
    {
        _http = new HttpClient(TestTls.Handler()) { BaseAddress = jsonAddress };
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }
    }

    /// <summary>A request body with the specification's field names, for the tenant's user id.</summary>
    public static Dictionary<string, object> Body(string requestId, string type, string userId, params string[] callbackUrls) => new()
    {
        ["regulation"] = "gdpr",
        ["subject_request_id"] = requestId,
        ["subject_request_type"] = type,
        ["submitted_time"] = DateTimeOffset.UtcNow.AddMinutes(-1),
        ["subject_identities"] = new[] { new { identity_type = "controller_customer_id", identity_value = userId, identity_format = "raw" } },
        ["api_version"] = "2.0",
        ["status_callback_urls"] = callbackUrls,
    };

    public Task<HttpResponseMessage> PostAsync(object body) => _http.PostAsJsonAsync("/opendsr/v1/requests", body);

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => _http.DeleteAsync(path);

    /// <summary>The answer's exact bytes, parsed, and its signature headers.</summary>
    public static async Task<SignedAnswer> ReadAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsByteArrayAsync();
        response.Headers.TryGetValues("X-OpenDSR-Signature", out var signatures);
        response.Headers.TryGetValues("X-OpenDSR-Processor-Domain", out var domains);
        return new SignedAnswer((int)response.StatusCode, raw, JsonDocument.Parse(raw).RootElement, signatures?.Single(), domains?.Single());
    }

    public void Dispose() => _http.Dispose();
}

public sealed record SignedAnswer(int Status, byte[] Raw, JsonElement Json, string? Signature, string? ProcessorDomain);
