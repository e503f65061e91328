using System.Diagnostics;
using System.Text.Json;
using Actors.Abstractions.Privacy;
using Actors.Silo.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Actors.Tests.Logging;

public sealed partial class RedactionTests : IDisposable
{
    private const string UserId = "marker-user-5f1c";
    private const string Email = "marker-ada@example.com";
    private const string Key = "ak.acme.0123456789ab.marker-secret";
    private const string Reference = "hmac-reference-77";

    private readonly string _directory = Directory.CreateTempSubdirectory("actors-redaction-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_classified_parameter_reaches_every_provider_redacted_and_the_file_line_carries_the_trace()
    {
        var capture = new Capture();
        using var activity = new Activity("call").SetIdFormat(ActivityIdFormat.W3C).Start();
        using (var host = Build(capture))
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Actors.Test");
            Wrote(logger, UserId, Email, Key, Reference, 42);
        }

        var message = Assert.Single(capture.Messages);
        Assert.DoesNotContain(UserId, message);
        Assert.DoesNotContain(Email, message);
        Assert.DoesNotContain(Key, message);
        Assert.Contains(Reference, message);
        Assert.Contains("42", message);

        var line = Assert.Single(File.ReadAllLines(Assert.Single(Directory.GetFiles(_directory))), l => l.Contains("Actors.Test", StringComparison.Ordinal));
        foreach (var value in new[] { UserId, Email, Key })
        {
            Assert.DoesNotContain(value, line);
        }
        using var json = JsonDocument.Parse(line);
        Assert.Equal(activity.TraceId.ToHexString(), json.RootElement.GetProperty("TraceId").GetString());
        Assert.Equal("Information", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.EndsWith("Z", json.RootElement.GetProperty("Timestamp").GetString());
        Assert.Equal(Reference, json.RootElement.GetProperty("State").GetProperty("Reference").GetString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "user {User} wrote {Value} with {Key} as {Reference}, {Count} times")]
    private static partial void Wrote(ILogger logger, [UserId] string user, [AttributeValue] string value, [Secret] string key, [Pseudonymous] string reference, int count);

    private IHost Build(Capture capture)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Actors:Logs:Directory"] = _directory,
            ["Actors:Logs:Name"] = "unit",
        });
        builder.AddPlatformLogging();
        builder.Logging.AddProvider(capture);
        return builder.Build();
    }

    private sealed class Capture : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category == "Actors.Test")
                {
                    lock (capture.Messages)
                    {
                        capture.Messages.Add(formatter(state, exception) + " " + string.Join(",", (state as IEnumerable<KeyValuePair<string, object?>>)?.Select(p => $"{p.Key}={p.Value}") ?? []));
                    }
                }
            }
        }
    }
}
