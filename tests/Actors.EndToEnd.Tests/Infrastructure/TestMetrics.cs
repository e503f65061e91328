using Actors.Abstractions.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>The platform's metrics for a part built by hand in a test, on a meter factory of its own.</summary>
public static class TestMetrics
{
    public static PlatformMetrics Platform() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
