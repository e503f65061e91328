namespace Actors.Load.Runner;

/// <summary>How a scenario is driven.</summary>
public abstract record LoadSimulation
{
    /// <summary>Closed loop: this many copies, each starting its next iteration when the last ends.</summary>
    public sealed record KeepConstant(int Copies) : LoadSimulation
    {
        public override string ToString() => $"{Copies} copies (closed loop)";
    }

    /// <summary>
    /// Open loop: iterations start on a schedule, from <paramref name="Rate"/> per second rising
    /// linearly to <paramref name="RampTo"/> (the same rate if equal) over the run, whether or not
    /// earlier ones have finished. Latency is measured from each iteration's scheduled start, so
    /// a stalled server shows as latency, not as fewer samples (no coordinated omission).
    /// </summary>
    public sealed record Inject(double Rate, double RampTo) : LoadSimulation
    {
        public override string ToString() => Rate == RampTo ? $"{Rate:0.#}/s (open loop)" : $"{Rate:0.#}/s to {RampTo:0.#}/s (open loop, ramping)";

        /// <summary>Seconds from the start at which iteration <paramref name="i"/> is due, over a run of <paramref name="runSeconds"/>.</summary>
        public double DueAt(long i, double runSeconds)
        {
            if (Math.Abs(RampTo - Rate) < 1e-9)
            {
                return i / Rate;
            }
            // Iterations due by time t: Rate*t + (RampTo-Rate)*t^2/(2*runSeconds); solved for t.
            var slope = (RampTo - Rate) / runSeconds;
            return (-Rate + Math.Sqrt(Rate * Rate + 2 * slope * i)) / slope;
        }
    }
}
