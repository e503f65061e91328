namespace Actors.Abstractions.Users;

/// <summary>What became of a user's events: counted, or dropped and why.</summary>
[GenerateSerializer, Immutable]
public sealed record EventIntake(int Accepted, int DroppedSuppressed, int DroppedErased, int DroppedOverLimit)
{
    public static readonly EventIntake None = new(0, 0, 0, 0);

    public EventIntake Add(EventIntake other) => new(
        Accepted + other.Accepted,
        DroppedSuppressed + other.DroppedSuppressed,
        DroppedErased + other.DroppedErased,
        DroppedOverLimit + other.DroppedOverLimit);
}
