using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A gRPC call made by hand over HTTP/2, so that a test controls every byte of the frame: the
/// compressed flag, the length prefix and the payload.
/// </summary>
public sealed class RawGrpcCall(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(TestTls.Handler());

    /// <summary>A frame as gRPC writes one: flag, big-endian length, payload.</summary>
    public static byte[] Frame(byte[] payload, bool compressed = false, uint? claimedLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), claimedLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Sends the body to the method and returns the gRPC status it was answered with.</summary>
    public async Task<(StatusCode Status, string Message)> SendAsync(string path, string apiKey, byte[] body, TimeSpan limit, string? deviceToken = null)
    {
        using var request = Request(path, apiKey, body);
        if (deviceToken is not null)
        {
            request.Headers.Add("x-device-token", deviceToken);
        }
        using var timeout = new CancellationTokenSource(limit);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (HttpRequestException e) when (e.InnerException is HttpProtocolException reset)
        {
            return (StreamResetStatus(reset.ErrorCode), $"stream reset by the server: {reset.Message}");
        }
        using var _ = response;
        var status = Header(response, "grpc-status")
            ?? throw new InvalidOperationException($"no grpc-status in the answer (HTTP {(int)response.StatusCode}): {response.Headers} {await response.Content.ReadAsStringAsync()}");
        return ((StatusCode)int.Parse(status), Uri.UnescapeDataString(Header(response, "grpc-message") ?? ""));
    }

    /// <summary>The grpc-message header exactly as the server wrote it, before any decoding.</summary>
    public async Task<string> RawMessageAsync(string path, string apiKey, byte[] body)
    {
        using var request = Request(path, apiKey, body);
        using var response = await _http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return Header(response, "grpc-message") ?? throw new InvalidOperationException("no grpc-message in the answer");
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(string path, string apiKey, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.Add("x-api-key", apiKey);
        return request;
    }

    /// <summary>What a gRPC client reports for an HTTP/2 stream reset, as the gRPC protocol maps it.</summary>
    private static StatusCode StreamResetStatus(long http2ErrorCode) => http2ErrorCode switch
    {
        0x7 => StatusCode.Unavailable,         // REFUSED_STREAM
        0x8 => StatusCode.Cancelled,           // CANCEL
        0xb => StatusCode.ResourceExhausted,   // ENHANCE_YOUR_CALM
        0xc => StatusCode.PermissionDenied,    // INADEQUATE_SECURITY
        _ => StatusCode.Internal,
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.First()
        : response.Headers.TryGetValues(name, out var header) ? header.First()
        : null;
}
