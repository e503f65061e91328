using Actors.Load;
using Actors.Load.Runner;
using Actors.Load.Scenarios;

if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{LoadOptions.Usage}");
    return 2;
}

using var target = new PlatformTarget(options.Address, options.Connections, options.CaFile);
var catalog = new ScenarioCatalog(target, options.OperatorKey, options.Users, options.HotUsers, options.RawEventDays)
{
    SaveTenantTo = options.SaveTenant,
    TenantRegion = options.Region,
    PeerTenant = options.PeerTenant,
    SavedTenant = options.UseTenant is { } saved ? LoadTenant.Read(saved) : null,
};
var scenarios = new List<Scenario>();
try
{
    foreach (var (name, load) in options.Scenarios)
    {
        scenarios.AddRange(await catalog.CreateAsync(name, load));
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
Console.Error.WriteLine($"running {string.Join(", ", scenarios.Select(s => $"{s.Name} at {s.Load}"))} against {options.Address}: warm-up {options.WarmUp.TotalSeconds:0} s, measured {options.Duration.TotalSeconds:0} s");
var results = await new ScenarioRunner(options.WarmUp, options.Duration).RunAsync(scenarios);
Report.Write(results, "dotnet run --project load -- " + string.Join(' ', args.Select(a => a.Contains("ak.") || a.StartsWith("op_") ? "***" : a)), options.ReportDirectory);
return results.Any(r => r.VerificationFailures.Count > 0) ? 1 : 0;
