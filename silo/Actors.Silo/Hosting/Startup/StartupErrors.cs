using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Actors.Silo.Hosting.Startup;

/// <summary>
/// The one line a failed start prints: the cause and the setting that fixes it, for the
/// failures an operator meets first. Anything else is shown as its own message.
/// </summary>
public static class StartupErrors
{
    public static string Describe(Exception failure, PlatformOptions options)
    {
        var causes = Causes(failure).ToList();
        if (causes.OfType<StartupFailure>().FirstOrDefault() is { } known)
        {
            return known.Message;
        }
        if (causes.OfType<OptionsValidationException>().FirstOrDefault() is { } invalid)
        {
            return $"a setting is invalid: {invalid.Message}";
        }
        if (causes.OfType<PostgresException>().FirstOrDefault() is { } refused)
        {
            return refused.SqlState switch
            {
                "28P01" or "28000" => $"PostgreSQL refused the login of {Server(options.Postgres)} (Actors:Postgres): check the user name and password",
                "3D000" => $"the database of {Server(options.Postgres)} does not exist (Actors:Postgres, Actors:KeyStore for the key store, or Actors:ErasureLedger for the erasure ledger): create it, or name another",
                _ => $"PostgreSQL refused the start ({refused.SqlState}: {refused.MessageText}); if the schema could not be brought up to date, the database may belong to a newer version of the platform or have been changed by hand",
            };
        }
        if (causes.OfType<NpgsqlException>().FirstOrDefault() is { } unreachable)
        {
            var reason = causes.OfType<SocketException>().FirstOrDefault()?.Message ?? unreachable.Message;
            return $"cannot reach PostgreSQL at {Server(options.Postgres)} ({reason}): start it (./actors db-start) or fix Actors:Postgres";
        }
        if (causes.OfType<IOException>().FirstOrDefault(e => e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            return $"{taken.Message} (Actors:Url, Actors:JsonUrl, Actors:OperatorUrl, Actors:SiloPort, Actors:OrleansGatewayPort choose the ports)";
        }
        return failure.GetBaseException().Message;
    }

    private static string Server(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}, database \"{builder.Database}\", user \"{builder.Username}\"";
        }
        catch (ArgumentException)
        {
            return "the configured server";
        }
    }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Causes))
                {
                    yield return inner;
                }
            }
        }
    }
}
