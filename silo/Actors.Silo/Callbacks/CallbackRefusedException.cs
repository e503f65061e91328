namespace Actors.Silo.Callbacks;

/// <summary>A callback the platform will not send at all (a URL or address it does not accept): the row is given up, not retried.</summary>
public sealed class CallbackRefusedException(string reason) : Exception(reason);
