namespace Actors.Silo.Hosting;

/// <summary>What one process of the platform runs.</summary>
public enum PlatformRole
{
    /// <summary>A silo with the gRPC gateway in the same process: no extra hop (the default).</summary>
    Combined,

    /// <summary>A silo only; its HTTP endpoint serves health checks.</summary>
    Silo,

    /// <summary>The gRPC gateway only, joined to the cluster as an Orleans client.</summary>
    Gateway,
}
