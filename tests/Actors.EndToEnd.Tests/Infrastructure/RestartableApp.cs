using Microsoft.AspNetCore.Builder;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>A web application a test stops and starts again; each start builds it anew.</summary>
public sealed class RestartableApp : IAsyncDisposable
{
    private WebApplication? _app;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the platform is not running");

    public async Task StartAsync(Func<WebApplication> build)
    {
        _app = build();
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is null)
        {
            return;
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
