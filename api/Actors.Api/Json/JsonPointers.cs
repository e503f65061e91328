using System.Text;
using System.Text.RegularExpressions;

namespace Actors.Api.Json;

/// <summary>
/// Turns the field paths the gateway's checks name (<c>events[3].occurred_at</c>,
/// <c>attributes["email"]</c>) into the JSON pointers a JSON caller can follow
/// (<c>/events/3/occurredAt</c>, <c>/attributes/email</c>), with protobuf's JSON names.
/// </summary>
public static partial class JsonPointers
{
    public static string FromFieldPath(string path)
    {
        if (path == "request")
        {
            return "";
        }
        if (!FieldPath().IsMatch(path))
        {
            return path; // not a body field (a header such as x-device-token): named as it is
        }
        var pointer = new StringBuilder();
        foreach (Match segment in Segment().Matches(path))
        {
            pointer.Append('/');
            if (segment.Groups["name"].Success)
            {
                pointer.Append(JsonName(segment.Groups["name"].Value));
            }
            else
            {
                var part = segment.Groups["index"].Success ? segment.Groups["index"].Value : segment.Groups["key"].Value;
                pointer.Append(Escape(part));
            }
        }
        return pointer.ToString();
    }

    /// <summary>protobuf's JSON name of a field: underscores dropped, the letter after each upper-cased.</summary>
    public static string JsonName(string protoName)
    {
        var name = new StringBuilder(protoName.Length);
        var upper = false;
        foreach (var c in protoName)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            name.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return name.ToString();
    }

    /// <summary>RFC 6901: '~' and '/' inside a segment.</summary>
    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    [GeneratedRegex("""^[a-z][a-z0-9_]*(\[\d+\]|\["[^"]*"\]|\.[a-z][a-z0-9_]*)*$""")]
    private static partial Regex FieldPath();

    [GeneratedRegex("""(?<name>[a-z][a-z0-9_]*)|\[(?<index>\d+)\]|\["(?<key>[^"]*)"\]""")]
    private static partial Regex Segment();
}
