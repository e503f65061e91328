namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>The system clock, plus an offset a test can move forward.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
