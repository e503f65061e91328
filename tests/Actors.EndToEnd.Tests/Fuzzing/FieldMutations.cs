using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Actors.EndToEnd.Tests.Fuzzing;

/// <summary>One request of the fuzzer: which field was broken and how, and the message's bytes.</summary>
/// <param name="ShapeFault">The field breaks its type's own range (timestamp, duration, enum): the refusal must name exactly this path.</param>
public sealed record FuzzRequest(string Path, string Mutation, byte[] Payload, bool ShapeFault, bool BrokenFrame);

/// <summary>
/// For every field of a request message (and of its nested messages), the values that break
/// that field's type: Timestamp and Duration out of range, enum numbers not defined, strings
/// empty, long, with control characters or invalid UTF-8 on the wire, repeated and map fields
/// past any limit, nested messages missing; plus unknown fields and truncated frames.
/// </summary>
public static class FieldMutations
{
    private const string Utf8Marker = "ZZUTF8ZZ";
    private const int MaxDepth = 2;

    public static IEnumerable<FuzzRequest> For(MessageDescriptor type, Func<MessageDescriptor, IMessage> template)
    {
        var valid = template(type).ToByteArray();
        yield return new FuzzRequest("", "as templated", valid, false, false);
        yield return new FuzzRequest("", "unknown field 999", [.. valid, .. UnknownField()], false, false);
        yield return new FuzzRequest("", "truncated", valid[..(valid.Length / 2)], false, valid.Length > 1);
        foreach (var request in Fields(type, type, template, [], ""))
        {
            yield return request;
        }
    }

    private static IEnumerable<FuzzRequest> Fields(MessageDescriptor root, MessageDescriptor type, Func<MessageDescriptor, IMessage> template, FieldDescriptor[] parents, string prefix)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            var path = prefix + field.Name;
            foreach (var (mutation, set, shape) in Breaks(field))
            {
                var message = template(root);
                if (!TrySet(message, parents, field, set))
                {
                    continue;
                }
                var bytes = message.ToByteArray();
                var payload = mutation == "invalid UTF-8" ? InvalidUtf8(bytes) : bytes;
                var fieldPath = field.IsRepeated && !field.IsMap && shape ? $"{path}[0]" : path;
                yield return new FuzzRequest(fieldPath, mutation, payload, shape, false);
            }
            if (field.FieldType == FieldType.Message && !field.IsMap && !IsWellKnown(field.MessageType) && parents.Length < MaxDepth)
            {
                foreach (var nested in Fields(root, field.MessageType, template, [.. parents, field], field.IsRepeated ? $"{path}[0]." : $"{path}."))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The ways to break one field: a name, how to set it, and whether it breaks the type's own range.</summary>
    private static IEnumerable<(string, Func<object?, object?>, bool)> Breaks(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            yield return ("map past its limit", _ => Enumerable.Range(0, 501).ToDictionary(i => $"k{i}", _ => (object)"v"), false);
            yield return ("map with an empty key", _ => new Dictionary<string, object> { [""] = "v" }, false);
            yield return ("map with a long value", _ => new Dictionary<string, object> { ["k"] = new string('v', 5000) }, false);
            yield break;
        }
        foreach (var (name, value, shape) in SingleBreaks(field))
        {
            if (field.IsRepeated)
            {
                if (name != "missing")
                {
                    yield return ($"repeated, one {name}", _ => new[] { value() }, shape);
                }
            }
            else
            {
                yield return (name, _ => value(), shape);
            }
        }
        if (field.IsRepeated)
        {
            yield return ("repeated past any limit", _ => Enumerable.Range(0, 1001).Select(_ => Default(field)).ToArray(), false);
            yield return ("repeated, empty", _ => Array.Empty<object>(), false);
        }
    }

    private static IEnumerable<(string, Func<object?>, bool)> SingleBreaks(FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                yield return ("empty", () => "", false);
                yield return ("at 256 bytes", () => new string('a', 256), false);
                yield return ("past 4096 bytes", () => new string('a', 5000), false);
                yield return ("control characters", () => "a\u0001b\u007f", false);
                yield return ("line break", () => "a\nb", false);
                yield return ("replacement character", () => "a\uFFFDb", false);
                yield return ("invalid UTF-8", () => Utf8Marker, false);
                break;
            case FieldType.Enum:
                yield return ("enum 99", () => EnumValue(field, 99), true);
                yield return ("enum -7", () => EnumValue(field, -7), true);
                break;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                yield return ("-1", () => -1, false);
                yield return ("int max", () => int.MaxValue, false);
                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                yield return ("-1", () => -1L, false);
                yield return ("long min", () => long.MinValue, false);
                break;
            case FieldType.Bool:
                yield return ("true", () => true, false);
                break;
            case FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName:
                yield return ("nanos -1", () => new Timestamp { Seconds = 1_700_000_000, Nanos = -1 }, true);
                yield return ("nanos 10^9", () => new Timestamp { Seconds = 1_700_000_000, Nanos = 1_000_000_000 }, true);
                yield return ("after year 9999", () => new Timestamp { Seconds = 253_402_300_800 }, true);
                yield return ("before year 1", () => new Timestamp { Seconds = -62_135_596_801 }, true);
                break;
            case FieldType.Message when field.MessageType.FullName == Duration.Descriptor.FullName:
                yield return ("nanos 10^9", () => new Duration { Nanos = 1_000_000_000 }, true);
                yield return ("nanos of the other sign", () => new Duration { Seconds = 60, Nanos = -1 }, true);
                yield return ("past 10,000 years", () => new Duration { Seconds = 315_576_000_001 }, true);
                break;
            case FieldType.Message:
                yield return ("missing", () => null, false);
                yield return ("empty", () => field.MessageType.Parser.ParseFrom([]), false);
                break;
        }
    }

    private static object Default(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "x",
        FieldType.Message => field.MessageType.Parser.ParseFrom([]),
        FieldType.Enum => EnumValue(field, 1),
        FieldType.Bool => true,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 1L,
        _ => 1,
    };

    private static object EnumValue(FieldDescriptor field, int number) => System.Enum.ToObject(field.EnumType.ClrType, number);

    private static bool IsWellKnown(MessageDescriptor type) => type.File.Package == "google.protobuf";

    /// <summary>Sets the field on the message, making the parent messages on the way (the first element of repeated ones).</summary>
    private static bool TrySet(IMessage root, FieldDescriptor[] parents, FieldDescriptor field, Func<object?, object?> value)
    {
        var target = root;
        foreach (var parent in parents)
        {
            // The template's own nested message where it has one, so only the field at fault is wrong.
            IMessage child;
            if (parent.IsRepeated)
            {
                var list = (IList)parent.Accessor.GetValue(target);
                if (list.Count == 0)
                {
                    list.Add(parent.MessageType.Parser.ParseFrom([]));
                }
                child = (IMessage)list[0]!;
            }
            else
            {
                if (!parent.Accessor.HasValue(target))
                {
                    parent.Accessor.SetValue(target, parent.MessageType.Parser.ParseFrom([]));
                }
                child = (IMessage)parent.Accessor.GetValue(target);
            }
            target = child;
        }
        var next = value(null);
        if (field.IsMap)
        {
            var map = (IDictionary)field.Accessor.GetValue(target);
            map.Clear();
            foreach (var (k, v) in (IEnumerable<KeyValuePair<string, object>>)next!)
            {
                if (field.MessageType.FindFieldByNumber(1).FieldType != FieldType.String || field.MessageType.FindFieldByNumber(2).FieldType != FieldType.String)
                {
                    return false;
                }
                map[k] = v;
            }
        }
        else if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(target);
            list.Clear();
            foreach (var item in (IEnumerable)next!)
            {
                list.Add(item);
            }
        }
        else if (next is null)
        {
            field.Accessor.Clear(target);
        }
        else
        {
            field.Accessor.SetValue(target, next);
        }
        return true;
    }

    private static byte[] UnknownField()
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(999, WireFormat.WireType.Varint);
        output.WriteInt64(42);
        output.Flush();
        return stream.ToArray();
    }

    /// <summary>The marker string's bytes replaced by bytes that are not UTF-8, of the same length (length prefixes stay right).</summary>
    private static byte[] InvalidUtf8(byte[] bytes)
    {
        var marker = Encoding.ASCII.GetBytes(Utf8Marker);
        var result = (byte[])bytes.Clone();
        for (var i = 0; i + marker.Length <= result.Length; i++)
        {
            if (result.AsSpan(i, marker.Length).SequenceEqual(marker))
            {
                for (var j = 0; j < marker.Length; j += 2)
                {
                    (result[i + j], result[i + j + 1]) = (0xC3, 0x28);
                }
            }
        }
        return result;
    }
}
