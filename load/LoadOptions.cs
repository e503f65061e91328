using System.Globalization;
using Actors.Load.Runner;

namespace Actors.Load;

/// <summary>The command line of the runner (see Usage).</summary>
public sealed record LoadOptions
{
    public const string Usage =
        """
        dotnet run --project load -c Release -- --scenario NAME[,NAME...] [options]

          --scenario NAME[@RATE|*COPIES],...  one scenario, or several at once (a mixed load);
                                 @RATE or *COPIES sets that scenario's own load
          --rate R               open loop: start R iterations per second (default 100)
          --ramp-to R            open loop, rising linearly from --rate to R over the run
          --copies N             closed loop: N copies instead of a rate
          --duration 30s         measured time (ms, s, m)
          --warmup 5s            time before measuring, not counted
          --address URL          the gateway (default https://127.0.0.1:5080)
          --ca FILE              the CA its certificate is checked against (default .actors/tls/ca.crt
                                 if it exists, else the system trust store)
          --operator-key KEY     default: $ACTORS_OPERATOR_KEY, else .actors/secrets/operator.key
          --users N              users per scenario pool (default 10000)
          --hot-users N          users profile-read reads (default 1000)
          --connections N        HTTP/2 connections (default 4)
          --raw-event-days N     the run's tenants keep raw events N days (default 30; 0: counts only)
          --report DIR           where the Markdown and CSV reports go (default load/reports)
          --region NAME          the region the run's tenants are created in (a platform of several regions)
          --save-tenant FILE     keep the tenant (id and keys) this run makes, for --use-tenant
          --use-tenant FILE      run on a tenant saved before instead of making one: profile-read
                                 then reads the users it wrote before without writing them again
          --peer-tenant NAME     the target is the straightforward build (load/bench/Peer), not the
                                 platform: no tenant is set up, the calls carry NAME as their key

        Scenarios: profile-read, profile-write, consent-change, event-ingest (batches of 100),
        forget-under-load, multi-tenant-mix; and echo, a unary call to the bare echo server of
        load/bench/Echo (the reference a gRPC call is measured against); and cold-read, which
        reads each of --hot-users once, in order (on --use-tenant after a restart: activations).
        """;

    public IReadOnlyList<(string Name, LoadSimulation Load)> Scenarios { get; init; } = [];

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);

    public Uri Address { get; init; } = new("https://127.0.0.1:5080");

    /// <summary>The CA file the platform's certificate is checked against; null for the system trust store.</summary>
    public string? CaFile { get; init; }

    public string OperatorKey { get; init; } = "";

    public int Users { get; init; } = 10_000;

    public int HotUsers { get; init; } = 1000;

    public int Connections { get; init; } = 4;

    public int RawEventDays { get; init; } = 30;

    public string? SaveTenant { get; init; }

    public string? UseTenant { get; init; }

    /// <summary>The key every call carries when the target is the peer build (load/bench/Peer), which has no tenants to set up.</summary>
    public string? PeerTenant { get; init; }

    /// <summary>The region the run's tenants are created in; required by a gateway of several regions.</summary>
    public string Region { get; init; } = "";

    public string ReportDirectory { get; init; } = Path.Combine("load", "reports");

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --option value, found '{args[i]}'");
            }
            values[args[i][2..]] = args[++i];
        }
        var known = new[] { "scenario", "rate", "ramp-to", "copies", "duration", "warmup", "address", "operator-key", "users", "hot-users", "connections", "report", "raw-event-days", "save-tenant", "use-tenant", "region", "ca", "peer-tenant" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"unknown option --{unknown}");
        }
        if (!values.TryGetValue("scenario", out var scenarioList))
        {
            throw new ArgumentException("--scenario is required");
        }
        var rate = Number(values, "rate", 100);
        LoadSimulation load = values.ContainsKey("copies")
            ? new LoadSimulation.KeepConstant((int)Number(values, "copies", 1))
            : new LoadSimulation.Inject(rate, Number(values, "ramp-to", rate));
        return new LoadOptions
        {
            Scenarios = [.. scenarioList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => ScenarioLoad(s, load))],
            Duration = values.TryGetValue("duration", out var duration) ? Time(duration) : TimeSpan.FromSeconds(30),
            WarmUp = values.TryGetValue("warmup", out var warmUp) ? Time(warmUp) : TimeSpan.FromSeconds(5),
            Address = new Uri(values.GetValueOrDefault("address", "https://127.0.0.1:5080")),
            CaFile = values.GetValueOrDefault("ca") ?? (File.Exists(Path.Combine(".actors", "tls", "ca.crt")) ? Path.Combine(".actors", "tls", "ca.crt") : null),
            OperatorKey = values.GetValueOrDefault("operator-key") ?? DefaultOperatorKey(),
            Users = (int)Number(values, "users", 10_000),
            HotUsers = (int)Number(values, "hot-users", 1000),
            Connections = (int)Number(values, "connections", 4),
            RawEventDays = values.TryGetValue("raw-event-days", out var days) ? int.Parse(days, CultureInfo.InvariantCulture) : 30,
            ReportDirectory = values.GetValueOrDefault("report", Path.Combine("load", "reports")),
            SaveTenant = values.GetValueOrDefault("save-tenant"),
            UseTenant = values.GetValueOrDefault("use-tenant"),
            PeerTenant = values.GetValueOrDefault("peer-tenant"),
            Region = values.GetValueOrDefault("region", ""),
        };
    }

    private static (string, LoadSimulation) ScenarioLoad(string text, LoadSimulation fallback)
    {
        var at = text.IndexOfAny(['@', '*']);
        if (at < 0)
        {
            return (text, fallback);
        }
        var value = double.Parse(text[(at + 1)..], CultureInfo.InvariantCulture);
        return (text[..at], text[at] == '@' ? new LoadSimulation.Inject(value, value) : new LoadSimulation.KeepConstant((int)value));
    }

    private static double Number(Dictionary<string, string> values, string name, double fallback) =>
        values.TryGetValue(name, out var text)
            ? double.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw new ArgumentException($"--{name} must be a positive number, not '{text}'")
            : fallback;

    private static TimeSpan Time(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        return double.TryParse(number, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value * unit)
            : throw new ArgumentException($"'{text}' is not a duration such as 500ms, 30s or 2m");
    }

    private static string DefaultOperatorKey()
    {
        if (Environment.GetEnvironmentVariable("ACTORS_OPERATOR_KEY") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }
        var file = Path.Combine(".actors", "secrets", "operator.key");
        // Only scenarios that make tenants need it; the catalog says so if it is missing.
        return File.Exists(file) ? File.ReadAllText(file).Trim() : "";
    }
}
