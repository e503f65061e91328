using System.Diagnostics;

namespace Actors.Silo.Telemetry;

/// <summary>
/// Grain calls as spans of the trace that made them, for traced calls only. Orleans' own
/// activity propagation starts and samples a span for every grain call, and a call its caller
/// did not trace becomes a trace of its own at the sampling ratio; here a call that no traced
/// span made costs one check on each side (docs/benchmarks.md, "Telemetry").
/// </summary>
internal static class GrainCallTracing
{
    /// <summary>The traced caller's W3C trace context, carried in the call's request context.</summary>
    internal const string TraceParentKey = "actors.traceparent";

    internal static string SpanName(IGrainCallContext context) => $"{context.InterfaceName}/{context.MethodName}";

    /// <summary>The span of a grain call, then the call; the span's status says whether it failed, never why (its message may name a user).</summary>
    internal static async Task TraceAsync(Activity activity, IGrainCallContext context, Func<Task> call)
    {
        activity.SetTag("rpc.system", "orleans");
        activity.SetTag("rpc.service", context.InterfaceName);
        activity.SetTag("rpc.method", context.MethodName);
        try
        {
            await call();
        }
        catch
        {
            activity.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            activity.Stop();
        }
    }
}

/// <summary>The caller's side: a client span, and the trace context passed on, when the current span is traced.</summary>
internal sealed class TracedOutgoingGrainCalls : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (Activity.Current is not { Recorded: true })
        {
            return context.Invoke();
        }
        var activity = PlatformTracing.Source.StartActivity(GrainCallTracing.SpanName(context), ActivityKind.Client);
        if (activity is null)
        {
            return context.Invoke();
        }
        return CallWithTraceParentAsync(activity, context);
    }

    /// <summary>
    /// Sets the trace context inside an async method of its own, so that it goes with this call
    /// only and is gone from the caller's request context afterwards (a later untraced call of the
    /// same caller must not carry it).
    /// </summary>
    private static async Task CallWithTraceParentAsync(Activity activity, IOutgoingGrainCallContext context)
    {
        RequestContext.Set(GrainCallTracing.TraceParentKey, activity.Id!);
        await GrainCallTracing.TraceAsync(activity, context, context.Invoke);
    }
}

/// <summary>The grain's side: a server span in the caller's trace, when the call carries a traced caller's context.</summary>
internal sealed class TracedIncomingGrainCalls : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(GrainCallTracing.TraceParentKey) is not string traceParent
            || !ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent))
        {
            return context.Invoke();
        }
        var activity = PlatformTracing.Source.StartActivity(GrainCallTracing.SpanName(context), ActivityKind.Server, parent);
        return activity is null ? context.Invoke() : GrainCallTracing.TraceAsync(activity, context, context.Invoke);
    }
}
