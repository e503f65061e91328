using System.Buffers;
using System.Text;
using Actors.Api.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Actors.Api.Validation;

/// <summary>
/// Explains why a request's bytes are not a valid message, naming the field where it can:
/// protobuf's own error ("String is invalid UTF-8") does not say which string.
/// </summary>
public static class MalformedRequest
{
    public static RpcException Describe(MessageDescriptor descriptor, ReadOnlySequence<byte> payload, Exception error)
    {
        var field = InvalidUtf8Field(descriptor, payload.ToArray());
        return field is not null
            ? Reject.InvalidArgument(field, "is not valid UTF-8")
            : Reject.InvalidArgument("request", $"is not a valid {descriptor.FullName} message: {error.Message}");
    }

    /// <summary>The path of the first string field whose bytes are not UTF-8, or null.</summary>
    private static string? InvalidUtf8Field(MessageDescriptor descriptor, byte[] bytes, string prefix = "")
    {
        try
        {
            var input = new CodedInputStream(bytes);
            for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            {
                var field = descriptor.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
                if (field is null || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
                {
                    input.SkipLastField();
                    continue;
                }
                var value = input.ReadBytes().ToByteArray();
                var path = prefix + field.Name;
                if (field.FieldType == FieldType.String && !IsUtf8(value))
                {
                    return path;
                }
                if (field.FieldType == FieldType.Message && InvalidUtf8Field(field.MessageType, value, path + ".") is { } nested)
                {
                    return nested;
                }
            }
        }
        catch (InvalidProtocolBufferException)
        {
            // Broken framing: there is no field to name.
        }
        return null;
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
