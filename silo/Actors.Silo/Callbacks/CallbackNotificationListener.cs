using Npgsql;

namespace Actors.Silo.Callbacks;

/// <summary>
/// Holds a connection that LISTENs on the channel the outbox trigger notifies, and wakes the
/// dispatcher on each notification. After a failure it connects again; meanwhile the
/// dispatcher's poll still finds every row, only later.
/// </summary>
public sealed class CallbackNotificationListener(NpgsqlDataSource database, CallbackSignal signal, ILogger<CallbackNotificationListener> logger)
{
    public const string Channel = "actors_callbacks";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    // An idle connection whose server went away would wait forever; a query now and then finds out.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    public async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, _) => signal.Wake();
                await ExecuteAsync(connection, $"LISTEN {Channel}", cancellationToken);
                // Rows committed while nobody listened were not announced.
                signal.Wake();
                while (true)
                {
                    if (!await connection.WaitAsync(Heartbeat, cancellationToken))
                    {
                        await ExecuteAsync(connection, "SELECT 1", cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Lost the callback notification connection; connecting again in {Delay}", ReconnectDelay);
            }
            try
            {
                await Task.Delay(ReconnectDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
