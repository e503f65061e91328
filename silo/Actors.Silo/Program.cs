using Actors.Silo.Audit;
using Actors.Silo.Hosting;

if (args is [AuditVerifyCommand.Name, ..])
{
    return await AuditVerifyCommand.RunAsync(args[1..]);
}

var app = PlatformHost.Build(args);
await app.RunAsync();
return 0;
