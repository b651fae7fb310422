using System.Globalization;

namespace AlatauPay.Bench;

/// <summary>
/// What the benchmark programs share: their options read the same way (flags, and <c>--name value</c> pairs), and a
/// run in a temporary directory of its own that Ctrl-C cancels cleanly. Linked into each benchmark project.
/// </summary>
internal static class BenchCommandLine
{
    /// <summary>
    /// Reads <paramref name="args"/>: a name in <paramref name="flags"/> stands alone; a name in
    /// <paramref name="values"/> takes the next argument and says whether it could use it. The problem names the
    /// first argument that could not be read.
    /// </summary>
    public static bool TryRead(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, Action> flags,
        IReadOnlyDictionary<string, Func<string, bool>> values,
        out string problem)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(values);
        problem = "";
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            if (flags.TryGetValue(args[i], out var flag))
            {
                flag();
                continue;
            }

            if (!values.TryGetValue(args[i], out var read) || value is null || !read(value))
            {
                problem = $"Cannot read '{args[i]}'{(value is null ? "" : $" '{value}'")}.";
                return false;
            }

            i++;
        }

        return true;
    }

    /// <summary>An option whose value is a positive whole number, handed to <paramref name="set"/>.</summary>
    public static Func<string, bool> Positive(Action<int> set) => text =>
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        set(value);
        return true;
    };

    /// <summary>
    /// The warm-up before each phase: <paramref name="chosenSeconds"/> when <c>--warm-up</c> gave it, else a quarter of
    /// the phase, 1 to 3 s (half a second for a quick run).
    /// </summary>
    public static TimeSpan WarmUp(int? chosenSeconds, TimeSpan phase, bool quick) =>
        chosenSeconds is { } chosen ? TimeSpan.FromSeconds(chosen)
        : quick ? TimeSpan.FromSeconds(0.5)
        : TimeSpan.FromSeconds(Math.Min(3, Math.Max(1, phase.TotalSeconds / 4)));

    /// <summary>
    /// Runs <paramref name="run"/> in a fresh temporary directory, prints its report, and removes the directory:
    /// exit code 0 when the report says every operation succeeded, 1 when not, 130 when cancelled by Ctrl-C.
    /// </summary>
    public static async Task<int> RunAsync(
        string directoryPrefix,
        Func<string, CancellationToken, Task<(string Markdown, bool Succeeded)>> run,
        Action? afterRun = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };

        var directory = Directory.CreateTempSubdirectory(directoryPrefix);
        try
        {
            var (markdown, succeeded) = await run(directory.FullName, stopping.Token);
            Console.WriteLine();
            Console.WriteLine(markdown);
            return succeeded ? 0 : 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Benchmark cancelled.");
            return 130;
        }
        finally
        {
            afterRun?.Invoke();
            directory.Delete(recursive: true);
        }
    }
}
