using System.Runtime.InteropServices;
using Actors.Silo.Logging;

namespace Actors.Silo.Hosting.Shutdown;

/// <summary>
/// Makes a stop bounded. SIGTERM gives the host <see cref="PlatformOptions.ShutdownTimeout"/> to
/// stop taking calls, finish those in flight, write what waits and leave the cluster; parts of
/// that (Orleans' membership update, a storage retry) wait on a PostgreSQL that may be gone. If
/// the process is still here a few seconds after the bound, it says so and exits, so that a
/// systemctl stop or a rolling deploy never waits for a SIGKILL. Nothing acknowledged is lost by
/// it: an acknowledged write is in PostgreSQL already.
/// </summary>
/// <param name="logFile">The process's log file, if it writes one: what it queued is written before the exit.</param>
public sealed class ShutdownBound(IHostApplicationLifetime lifetime, PlatformOptions options, ILogger<ShutdownBound> logger, LogFile? logFile = null) : IHostedService
{
    /// <summary>Beyond the host's own timeout: time for the services it cancelled to return.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(() =>
        {
            var limit = options.ShutdownTimeout + Grace;
            var exit = new Thread(() =>
            {
                if (!lifetime.ApplicationStopped.WaitHandle.WaitOne(limit))
                {
                    logger.LogCritical("The process did not stop within {Limit} of SIGTERM (Actors:ShutdownTimeout is {Timeout}); exiting now", limit, options.ShutdownTimeout);
                    Thread.Sleep(200); // lets the console logger write the line
                    logFile?.Dispose();
                    ExitNow(1);
                }
            }) { IsBackground = true, Name = "shutdown bound" };
            exit.Start();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Exits without running exit handlers: the host's own handler waits for the stop that hangs.
    /// </summary>
    private static void ExitNow(int code)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _exit(code);
        }
        Environment.FailFast("the platform did not stop within its shutdown bound");
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void _exit(int status);
}
