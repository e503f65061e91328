using System.Buffers;
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
        // Encoded whole, then hashed in one call: every read of personal data hashes an entry,
        // and a call into the hash per field cost more than the hashing.
        var bytes = new Encoder();
        bytes.Field(EntryTag);
        bytes.Field(entry.TenantId);
        bytes.Field(seq);
        bytes.Field(Microseconds(entry.At));
        bytes.Field(entry.Actor);
        bytes.Field(entry.Operation);
        bytes.Byte(entry.UserReference is null ? (byte)0 : (byte)1);
        bytes.Field(entry.UserReference ?? "");
        bytes.Field(entry.Subject);
        bytes.Field(previousHash);
        return SHA256.HashData(bytes.Written);
    }

    /// <summary>The bytes a checkpoint's signature covers: tenant, where the chain was cut, its hash there, and when.</summary>
    public static byte[] CheckpointBytes(string tenantId, long seq, ReadOnlySpan<byte> hash, DateTimeOffset cutAt)
    {
        var bytes = new Encoder();
        bytes.Field(CheckpointTag);
        bytes.Field(tenantId);
        bytes.Field(seq);
        bytes.Field(hash);
        bytes.Field(Microseconds(cutAt));
        return bytes.Written.ToArray();
    }

    /// <summary>
    /// The bytes a head's signature covers: tenant, the last entry and its hash. A head moved back
    /// over deleted newest entries needs a signature only the platform's key can make.
    /// </summary>
    public static byte[] HeadBytes(string tenantId, long seq, ReadOnlySpan<byte> hash)
    {
        var bytes = new Encoder();
        bytes.Field(HeadTag);
        bytes.Field(tenantId);
        bytes.Field(seq);
        bytes.Field(hash);
        return bytes.Written.ToArray();
    }

    /// <summary>A time as PostgreSQL keeps it: whole microseconds, UTC. Store this, so that the hash reads back the same.</summary>
    public static DateTimeOffset Stored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private static long Microseconds(DateTimeOffset at) => (Stored(at).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The chain's encoding: each field as its length (8 bytes, big-endian), then its bytes.</summary>
    private sealed class Encoder
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(256);

        public ReadOnlySpan<byte> Written => _bytes.WrittenSpan;

        public void Field(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            Length(length);
            _bytes.Advance(Encoding.UTF8.GetBytes(value, _bytes.GetSpan(length)));
        }

        public void Field(long value)
        {
            Length(sizeof(long));
            BinaryPrimitives.WriteInt64BigEndian(_bytes.GetSpan(sizeof(long)), value);
            _bytes.Advance(sizeof(long));
        }

        public void Field(ReadOnlySpan<byte> value)
        {
            Length(value.Length);
            _bytes.Write(value);
        }

        public void Byte(byte value) => _bytes.Write([value]);

        private void Length(long length)
        {
            BinaryPrimitives.WriteInt64BigEndian(_bytes.GetSpan(sizeof(long)), length);
            _bytes.Advance(sizeof(long));
        }
    }
}
