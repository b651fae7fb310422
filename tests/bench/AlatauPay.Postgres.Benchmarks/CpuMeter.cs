using System.Diagnostics;
using System.Globalization;

namespace AlatauPay.Postgres.Benchmarks;

/// <summary>CPU time used so far by this process (the gateway instances and their clients) and by the PostgreSQL server.</summary>
public readonly record struct CpuUse(TimeSpan Process, TimeSpan Server)
{
    public static CpuUse operator -(CpuUse after, CpuUse before) => new(after.Process - before.Process, after.Server - before.Server);
}

/// <summary>
/// Reads the CPU time of this process and of the PostgreSQL server: its postmaster, every backend and helper it
/// has now, and the children it has already reaped (a backend that closed during a phase still counts). From
/// <c>/proc</c>, so Linux only, which is where the benchmark runs.
/// </summary>
public sealed class CpuMeter(string dataDirectory)
{
    // USER_HZ: the unit of /proc/[pid]/stat's times, 100 on Linux.
    private const double TicksPerSecond = 100;

    public CpuUse Take()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuUse(self.TotalProcessorTime, ServerTime());
    }

    private TimeSpan ServerTime()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(pid) is not { } stat)
            {
                continue;
            }

            if (pid == postmaster)
            {
                ticks += stat.Own + stat.Reaped;
            }
            else if (stat.Parent == postmaster)
            {
                ticks += stat.Own;
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static (int Parent, long Own, long Reaped)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // the process ended while the directory was read
        }

        // The command name, in parentheses, may hold spaces; the fields after it are: state ppid ... utime(14) stime cutime cstime.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}
