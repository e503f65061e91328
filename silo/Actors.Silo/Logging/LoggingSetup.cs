using Actors.Abstractions.Privacy;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Actors.Silo.Logging;

/// <summary>
/// The process's logging: trace and span ids on every entry, the console as text (for a person)
/// or JSON (<see cref="LogSettings.Format"/>), JSON files with rotation and retention where
/// <see cref="LogSettings.Directory"/> is set, and redaction of every value classified as personal
/// data or a secret (<see cref="PersonalData"/>), whatever the provider.
/// </summary>
public static class LoggingSetup
{
    public static void AddPlatformLogging(this IHostApplicationBuilder builder)
    {
        var settings = LogSettings.Read(builder.Configuration);
        builder.Logging.Configure(factory => factory.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (settings.Format == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        if (settings.Directory.Length > 0)
        {
            var name = settings.Name.Length > 0 ? settings.Name : "actors-" + (builder.Configuration["Actors:Role"] ?? "combined").ToLowerInvariant();
            builder.Services.AddSingleton(_ => new LogFile(settings.Directory, name, settings.RetentionDays, settings.MaxFileBytes, settings.QueueCapacity, TimeProvider.System));
            builder.Services.AddSingleton<ILoggerProvider>(services => new JsonFileLoggerProvider(services.GetRequiredService<LogFile>(), TimeProvider.System));
        }
        // Redaction by construction: a [LoggerMessage] parameter (or a [LogProperties] member)
        // with a classification reaches no provider unredacted. Erased, not hashed: an HMAC
        // redactor would let lines about one user be joined, and its key would have to come from
        // the master key; the pseudonymous reference already serves that, and passes as it is.
        // No discriminator: a value that passes (the pseudonymous reference) is written as it is.
        builder.Logging.EnableRedaction(redaction => redaction.ApplyDiscriminator = false);
        builder.Services.AddRedaction(redaction => redaction
            .SetRedactor<ErasingRedactor>(PersonalData.Redacted)
            .SetRedactor<NullRedactor>(new DataClassificationSet(PersonalData.Pseudonymous))
            .SetFallbackRedactor<ErasingRedactor>());
    }
}
