// dotnet load/bench/Profile/bin/Release/net10.0/Actors.Bench.Profile.dll PID [SECONDS] [FILTER]
//   samples where process PID spends its CPU (CpuSamples);
// dotnet load/bench/Profile/bin/Release/net10.0/Actors.Bench.Profile.dll PID --heap [ROWS]
//   runs a full collection in PID and prints what the live heap holds, by type (HeapHistogram).
using Actors.Bench.Profile;

if (args.Length < 1 || !int.TryParse(args[0], out var pid))
{
    Console.Error.WriteLine("usage: Actors.Bench.Profile PID [SECONDS] [FILTER]  |  Actors.Bench.Profile PID --heap [ROWS]");
    return 2;
}
if (args.Length > 1 && args[1] == "--heap")
{
    return await HeapHistogram.RunAsync(pid, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40);
}
var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
return await CpuSamples.RunAsync(pid, seconds, args.Length > 2 ? args[2] : null);
