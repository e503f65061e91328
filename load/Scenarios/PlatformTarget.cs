using Actors.V1;
using Grpc.Core;
using Actors.Client.Tls;
using Grpc.Net.Client;

namespace Actors.Load.Scenarios;

/// <summary>
/// The platform under load: a few HTTP/2 connections (one connection carries at most the
/// server's stream limit of calls at once) and the generated clients over them.
/// </summary>
public sealed class PlatformTarget : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private long _next;

    public PlatformTarget(Uri address, int connections, string? caFile)
    {
        Address = address;
        CaFile = caFile;
        var trust = new PlatformCertificateTrust(caFile);
        _channels = [.. Enumerable.Range(0, connections).Select(_ =>
        {
            var handler = trust.Handler();
            handler.PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan;
            return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
        })];
    }

    public Uri Address { get; }

    /// <summary>The CA file the platform's certificate is checked against; null for the system trust store.</summary>
    public string? CaFile { get; }

    public Profiles.ProfilesClient Profiles() => new(Next());

    public Consents.ConsentsClient Consents() => new(Next());

    public Events.EventsClient Events() => new(Next());

    public Privacy.PrivacyClient Privacy() => new(Next());

    public Bench.V1.Echo.EchoClient Echo() => new(Next());

    /// <summary>The headers of a call made with <paramref name="apiKey"/>, with a deadline.</summary>
    public static CallOptions With(string apiKey, CancellationToken cancellation) =>
        new(new Metadata { { "x-api-key", apiKey } }, DateTime.UtcNow.AddSeconds(30), cancellation);

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }

    private GrpcChannel Next() => _channels[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_channels.Length)];
}
