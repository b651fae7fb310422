using Spectre.Console;

namespace AlatauPay.Cli.Audit;

/// <summary>Every check a verification made, passed or not, so the verdict says exactly what failed.</summary>
public sealed class VerificationReport
{
    private readonly List<(string Check, bool Passed, string Detail)> checks = [];

    public IReadOnlyList<(string Check, bool Passed, string Detail)> Checks => checks;

    public bool Passed => checks.Count > 0 && checks.All(c => c.Passed);

    public bool Check(string check, bool passed, string detail)
    {
        checks.Add((check, passed, detail));
        return passed;
    }

    public int Render(IAnsiConsole console, string subject)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (var (check, passed, detail) in checks)
        {
            console.MarkupLine($"{(passed ? "[green]ok  [/]" : "[red]FAIL[/]")} {Markup.Escape(check)}: {Markup.Escape(detail)}");
        }

        if (Passed)
        {
            console.MarkupLine($"[green]VERIFIED[/]: {Markup.Escape(subject)}");
            return AlatauCli.Verified;
        }

        console.MarkupLine($"[red]NOT VERIFIED[/]: {Markup.Escape(subject)}; {checks.Count(c => !c.Passed)} check(s) failed");
        return AlatauCli.NotVerified;
    }
}
