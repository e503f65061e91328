using Actors.V1;
using Google.Protobuf.WellKnownTypes;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>Events as a device would send them.</summary>
public static class TestEvents
{
    public static Event At(string userId, string name, DateTimeOffset when, params (string Key, string Value)[] properties)
    {
        var e = new Event { UserId = userId, Name = name, OccurredAt = Timestamp.FromDateTimeOffset(when) };
        foreach (var (key, value) in properties)
        {
            e.Properties[key] = value;
        }
        return e;
    }
}
