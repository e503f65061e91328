using Npgsql;

namespace Actors.Silo.Sealing;

/// <summary>The connection pool of the erasure ledger, a database apart from the data and the key store (setting <c>Actors:ErasureLedger</c>).</summary>
public sealed record ErasureLedgerDatabase(NpgsqlDataSource Source);
