namespace Actors.Silo.Hosting.Startup;

/// <summary>A start-up that cannot go on, with the one line that says why and which setting fixes it.</summary>
public sealed class StartupFailure(string message) : Exception(message);
