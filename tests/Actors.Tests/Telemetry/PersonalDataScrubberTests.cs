using System.Diagnostics;
using Actors.Silo.Telemetry;

namespace Actors.Tests.Telemetry;

public sealed class PersonalDataScrubberTests
{
    [Fact]
    public void The_attributes_that_may_carry_personal_data_are_taken_off_and_the_others_kept()
    {
        using var span = Recorded("POST /actors.v1.Profiles/UpsertAttributes");
        span.SetTag("client.address", "203.0.113.77");
        span.SetTag("network.peer.address", "203.0.113.77");
        span.SetTag("user_agent.original", "app/1.0 (user 42)");
        span.SetTag("url.query", "?user=alice");
        span.SetTag("db.query.parameter.0", "alice@example.com");
        span.SetTag("db.npgsql.data_source", "Host=db;Username=postgres");
        span.SetTag("url.path", "/actors.v1.Profiles/UpsertAttributes");
        span.SetTag("http.response.status_code", 200);
        span.SetStatus(ActivityStatusCode.Error, "user alice@example.com not found");

        new PersonalDataScrubber().OnEnd(span);

        Assert.Equal(["http.response.status_code", "url.path"], span.TagObjects.Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Null(span.StatusDescription);
        Assert.True(span.Recorded);
    }

    [Fact]
    public void A_span_that_recorded_an_exception_is_not_exported()
    {
        using var span = Recorded("postgresql");
        span.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection { ["exception.message"] = "duplicate key (alice@example.com)" }));

        new PersonalDataScrubber().OnEnd(span);

        Assert.False(span.Recorded);
    }

    private static Activity Recorded(string name)
    {
        var span = new Activity(name);
        span.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        span.Start();
        return span;
    }
}
