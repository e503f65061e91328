namespace Actors.Sdk;

/// <summary>What the device did with the events it was given.</summary>
public sealed record DeviceStatistics(
    long EventsSent,
    long BatchesSent,
    long DroppedQueueFull,
    long RejectedByPlatform,
    long Retries,
    int Queued,
    string? LastError);
