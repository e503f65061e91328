using Actors.Silo.Audit;
using Actors.Silo.Hosting;
using Actors.Silo.Hosting.Shutdown;
using Actors.Silo.Hosting.Startup;
using Actors.Silo.Sealing;

if (args is [AuditVerifyCommand.Name, ..])
{
    return await AuditVerifyCommand.RunAsync(args[1..]);
}
if (args is [ErasureSweepCommand.Name, ..])
{
    return await ErasureSweepCommand.RunAsync(args[1..]);
}

WebApplication app;
try
{
    // The process, not a host embedded in a test: its stop is bounded, first of its hosted services.
    app = PlatformHost.Build(args, builder =>
    {
        PortCheck.RequireFree(builder.Configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions());
        builder.Services.AddHostedService<ShutdownBound>();
    });
    await app.StartAsync();
}
catch (Exception e) when (e is not OperationCanceledException)
{
    var options = StartupSettings.Read(args);
    Console.Error.WriteLine($"actors: error: {StartupErrors.Describe(e, options)}");
    return 1;
}
await app.WaitForShutdownAsync();
await app.DisposeAsync();
// 0 for a stop asked for; a part that refused its settings after start-up (a cell of a gateway of several regions) set 1.
return Environment.ExitCode;
