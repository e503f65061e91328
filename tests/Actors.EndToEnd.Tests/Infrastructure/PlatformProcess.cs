using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One process of the platform (Actors.Silo.dll in a role), started the way an operator starts
/// it: settings in environment variables, its own ports on 127.0.0.1. Ready once its gRPC
/// health service answers SERVING.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private const int LowestTestPort = 10_000;

    /// <summary>The start of the kernel's ephemeral range (Linux's default where it cannot be read).</summary>
    private static readonly int FirstEphemeralPort = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
        ? int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture)
        : 32_768;

    /// <summary>Ports handed out in this run: two servers never get the same one.</summary>
    private static readonly HashSet<int> HandedOut = [];

    private readonly Process _process;
    private bool _disposed;
    private readonly StringBuilder _output = new();

    private readonly string _caFile;

    private PlatformProcess(Process process, Uri address, string caFile)
    {
        _process = process;
        Address = address;
        _caFile = caFile;
    }

    public Uri Address { get; }

    /// <summary>The process's Orleans silo and gateway ports, for a silo started again in its place.</summary>
    public (string SiloPort, string OrleansGatewayPort) OrleansPorts =>
        (_process.StartInfo.Environment["Actors__SiloPort"]!, _process.StartInfo.Environment["Actors__OrleansGatewayPort"]!);

    /// <summary>What the process printed, for a failing test's message.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Starts Actors.Silo.dll in a role with the given settings (Actors:... keys) and waits until it serves.</summary>
    public static async Task<PlatformProcess> StartAsync(string role, IReadOnlyDictionary<string, string> settings)
    {
        var platform = Launch(role, settings);
        try
        {
            await platform.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
        return platform;
    }

    /// <summary>
    /// Starts Actors.Silo.dll in a role without waiting for it, for a test of a process that must
    /// never serve; its health is asked over TLS trusting <paramref name="caFile"/> (the local CA by default).
    /// </summary>
    public static PlatformProcess Launch(string role, IReadOnlyDictionary<string, string> settings, string? caFile = null)
    {
        var address = new Uri($"https://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Actors.Silo.dll"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Actors__Role"] = role;
        start.Environment["Actors__Url"] = address.ToString().TrimEnd('/');
        start.Environment["Actors__JsonUrl"] = $"https://127.0.0.1:{FreePort()}";
        start.Environment["Actors__OperatorUrl"] = $"https://127.0.0.1:{FreePort()}";
        start.Environment["Actors__SiloPort"] = FreePort().ToString();
        start.Environment["Actors__OrleansGatewayPort"] = FreePort().ToString();
        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }
        var process = new Process { StartInfo = start };
        var platform = new PlatformProcess(process, address, caFile ?? TestTls.CaFile);
        process.OutputDataReceived += (_, line) => platform.Append(line.Data);
        process.ErrorDataReceived += (_, line) => platform.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return platform;
    }

    /// <summary>True if the process answers SERVING at any time within <paramref name="window"/>; false if it never does (or exits).</summary>
    public async Task<bool> ServesWithinAsync(TimeSpan window)
    {
        try
        {
            await WaitUntilServingAsync(window);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash or a power cut would.</summary>
    public async Task KillAsync()
    {
        _ = kill(_process.Id, 9);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, 15);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>Sends SIGTERM and measures how long the process takes to exit; fails (and kills it) past <paramref name="limit"/>.</summary>
    public async Task<TimeSpan> StopWithinAsync(TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _ = kill(_process.Id, 15);
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the process was still running {limit.TotalSeconds:F0} s after SIGTERM:\n{Output}");
        }
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        // A process that failed to start was disposed already; its cluster disposes it again.
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            await StopAsync();
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan limit)
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = new Actors.Client.Tls.PlatformCertificateTrust(_caFile).Handler() });
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + limit;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the platform process exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
                last = reply.Status.ToString();
            }
            catch (Grpc.Core.RpcException e)
            {
                last = e.Status.ToString(); // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the platform process was not serving within {limit} (last answer: {last}):\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>
    /// A port no one listens on, for a server started later. It is taken below the kernel's
    /// ephemeral range, where outgoing connections get their local ports: a port found free in
    /// that range can be given to a connection before the server binds it, which made a test fail
    /// with "address already in use". Where no room is left below the range, the kernel picks.
    /// </summary>
    internal static int FreePort()
    {
        for (var attempt = 0; attempt < 1000 && FirstEphemeralPort > LowestTestPort + 1000; attempt++)
        {
            var port = Random.Shared.Next(LowestTestPort, FirstEphemeralPort);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Someone listens there: try another.
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
