using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Actors.Abstractions.Audit;

namespace Actors.Silo.Audit;

/// <summary>
/// The one definition of the audit chain's bytes, used by the writer, the verifier and the
/// retention cut. Every field is length-prefixed, so that no two different entries encode
/// alike (moving a character from actor to operation changes the bytes), and the encoding
/// starts with a version tag, so that a future change cannot be mistaken for this one.
/// Times count whole microseconds, the precision PostgreSQL stores.
/// </summary>
public static class AuditChain
{
    public const int HashLength = 32;

    /// <summary>The previous hash of the first entry of a chain never cut.</summary>
    public static readonly byte[] Start = new byte[HashLength];

    private static readonly byte[] EntryTag = Encoding.ASCII.GetBytes("actors/audit/v1");
    private static readonly byte[] CheckpointTag = Encoding.ASCII.GetBytes("actors/audit-checkpoint/v1");
    private static readonly byte[] HeadTag = Encoding.ASCII.GetBytes("actors/audit-head/v1");

    /// <summary>SHA-256 over the entry's fields, its seq and the previous entry's hash.</summary>
    public static byte[] Hash(AuditEntry entry, long seq, ReadOnlySpan<byte> previousHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, EntryTag);
        Append(hash, entry.TenantId);
        Append(hash, seq);
        Append(hash, Microseconds(entry.At));
        Append(hash, entry.Actor);
        Append(hash, entry.Operation);
        hash.AppendData([entry.UserReference is null ? (byte)0 : (byte)1]);
        Append(hash, entry.UserReference ?? "");
        Append(hash, entry.Subject);
        Append(hash, previousHash);
        return hash.GetHashAndReset();
    }

    /// <summary>The bytes a checkpoint's signature covers: tenant, where the chain was cut, its hash there, and when.</summary>
    public static byte[] CheckpointBytes(string tenantId, long seq, ReadOnlySpan<byte> hash, DateTimeOffset cutAt)
    {
        using var bytes = new MemoryStream();
        Write(bytes, CheckpointTag);
        Write(bytes, Encoding.UTF8.GetBytes(tenantId));
        Write(bytes, BigEndian(seq));
        Write(bytes, hash);
        Write(bytes, BigEndian(Microseconds(cutAt)));
        return bytes.ToArray();
    }

    /// <summary>
    /// The bytes a head's signature covers: tenant, the last entry and its hash. A head moved back
    /// over deleted newest entries needs a signature only the platform's key can make.
    /// </summary>
    public static byte[] HeadBytes(string tenantId, long seq, ReadOnlySpan<byte> hash)
    {
        using var bytes = new MemoryStream();
        Write(bytes, HeadTag);
        Write(bytes, Encoding.UTF8.GetBytes(tenantId));
        Write(bytes, BigEndian(seq));
        Write(bytes, hash);
        return bytes.ToArray();
    }

    /// <summary>A time as PostgreSQL keeps it: whole microseconds, UTC. Store this, so that the hash reads back the same.</summary>
    public static DateTimeOffset Stored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private static long Microseconds(DateTimeOffset at) => (Stored(at).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static void Append(IncrementalHash hash, string value) => Append(hash, Encoding.UTF8.GetBytes(value));

    private static void Append(IncrementalHash hash, long value) => Append(hash, BigEndian(value));

    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        hash.AppendData(BigEndian(value.Length));
        hash.AppendData(value);
    }

    private static void Write(Stream stream, ReadOnlySpan<byte> value)
    {
        stream.Write(BigEndian(value.Length));
        stream.Write(value);
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }
}
