namespace Actors.Silo.Hosting.Startup;

/// <summary>
/// The process's configuration read the way the host reads it (appsettings.json, environment,
/// command line): for commands that run without a host, and for describing a start that failed.
/// </summary>
public static class StartupSettings
{
    public static IConfiguration Configuration(string[] args) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

    public static PlatformOptions Read(string[] args) =>
        Configuration(args).GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
}
