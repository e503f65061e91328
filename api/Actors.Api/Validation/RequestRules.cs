using System.Buffers;
using System.Text;
using Actors.Abstractions;
using Actors.Api.Errors;

namespace Actors.Api.Validation;

/// <summary>
/// The checks every request field passes before any grain is called, so that a refused
/// request changes nothing. Each failure names the field and the limit.
/// </summary>
public static class RequestRules
{
    public static void UserId(string value) => Text("user_id", value, Limits.UserIdMaxBytes, required: true, allowLineBreaks: false);

    public static void Reason(string field, string value) => Text(field, value, Limits.ReasonMaxBytes, required: false, allowLineBreaks: true);

    public static void AttributeValue(string field, string value) => Text(field, value, Limits.AttributeValueMaxBytes, required: false, allowLineBreaks: true);

    /// <summary>
    /// Checks a text field: its length in UTF-8 bytes, no control characters, and no U+FFFD,
    /// which is what invalid UTF-8 decodes to.
    /// </summary>
    public static void Text(string field, string value, int maxBytes, bool required, bool allowLineBreaks)
    {
        if (required && value.Length == 0)
        {
            throw Reject.InvalidArgument(field, $"is required (1 to {maxBytes} UTF-8 bytes)");
        }
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            throw Reject.InvalidArgument(field, $"is {bytes} UTF-8 bytes long; the limit is {maxBytes}");
        }
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done || rune.Value == 0xFFFD)
            {
                throw Reject.InvalidArgument(field, $"is not valid UTF-8 (a replacement character or broken surrogate at position {i})");
            }
            if (Rune.IsControl(rune) && !(allowLineBreaks && rune.Value is '\t' or '\n' or '\r'))
            {
                throw Reject.InvalidArgument(field, $"contains control character U+{rune.Value:X4} at position {i}");
            }
            i += used;
        }
    }

    /// <summary>A purpose or attribute name: [a-z][a-z0-9_]{0,63}.</summary>
    public static void Name(string field, string value) => Identifier(field, value, Limits.NameMaxLength, '_');

    /// <summary>An event name or property key: [a-z][a-z0-9_.]{0,63}.</summary>
    public static void EventName(string field, string value) => Identifier(field, value, Limits.NameMaxLength, '_', '.');

    /// <summary>A tenant id: [a-z][a-z0-9-]{0,62}.</summary>
    public static void TenantId(string value) => Identifier("tenant_id", value, Limits.TenantIdMaxLength, '-');

    private static void Identifier(string field, string value, int maxLength, params char[] separators)
    {
        if (value.Length == 0)
        {
            throw Reject.InvalidArgument(field, "is required");
        }
        if (value.Length > maxLength)
        {
            throw Reject.InvalidArgument(field, $"is {value.Length} characters long; the limit is {maxLength}");
        }
        if (!Identifiers.IsValid(value, maxLength, separators))
        {
            throw Reject.InvalidArgument(field, $"'{Printable(value)}' must start with a-z and hold only a-z, 0-9 and {string.Join(" ", separators.Select(c => $"'{c}'"))}");
        }
    }

    /// <summary>A value quoted back in an error message, with control characters made visible.</summary>
    public static string Printable(string value) =>
        string.Concat(value.Take(80).Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
