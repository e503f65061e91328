using System.Data.Common;
using Npgsql;

namespace Actors.Bench.Peer;

/// <summary>Orleans' ADO.NET grain storage on PostgreSQL, as its documentation sets it up (with our schema, peer-schema.sql).</summary>
public static class PeerStorage
{
    public const string Name = "peer";

    public static ISiloBuilder AddPeerStorage(this ISiloBuilder silo, string connectionString)
    {
        // The provider finds Npgsql by its invariant name.
        DbProviderFactories.RegisterFactory("Npgsql", NpgsqlFactory.Instance);
        return silo.AddAdoNetGrainStorage(Name, storage =>
        {
            storage.Invariant = "Npgsql";
            storage.ConnectionString = connectionString;
        });
    }

    /// <summary>Creates the tables and queries if they are not there yet.</summary>
    public static async Task CreateSchemaAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "peer-schema.sql")), connection);
        await command.ExecuteNonQueryAsync();
    }
}
