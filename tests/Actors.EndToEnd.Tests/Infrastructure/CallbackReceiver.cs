using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>One request the receiver got, and what it answered.</summary>
public sealed record ReceivedCallback(string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers, int AnsweredWith, DateTimeOffset At)
{
    public bool Accepted => AnsweredWith is >= 200 and < 300;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A tenant's callback endpoint: a real HTTP server (Kestrel) on 127.0.0.1 that records every
/// POST. It can answer an error status instead of 200, and be stopped and started again on the same port.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedCallback> _received = new();
    private readonly RestartableApp _app = new();
    private volatile int _answer = StatusCodes.Status200OK;

    public int Port { get; } = PlatformProcess.FreePort();

    /// <summary>What it answers from now on: 200, or an error status to make the platform retry.</summary>
    public int AnswerWith
    {
        get => _answer;
        set => _answer = value;
    }

    /// <summary>Everything received so far, in order of arrival, including what was answered with an error.</summary>
    public IReadOnlyList<ReceivedCallback> Received => [.. _received];

    public IReadOnlyList<ReceivedCallback> Accepted => [.. _received.Where(r => r.Accepted)];

    public string UrlFor(string path) => $"http://127.0.0.1:{Port}/{path}";

    public Task StartAsync() => _app.StartAsync(() =>
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var answer = _answer;
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            _received.Enqueue(new(context.Request.Path.Value!.TrimStart('/'), body.ToArray(), headers, answer, DateTimeOffset.UtcNow));
            context.Response.StatusCode = answer;
        });
        return app;
    });

    public Task StopAsync() => _app.StopAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
