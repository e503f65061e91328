using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>The connection pool of the key store, a database apart from the data (setting <c>Actors:KeyStore</c>).</summary>
public sealed record KeyStoreDatabase(NpgsqlDataSource Source);
