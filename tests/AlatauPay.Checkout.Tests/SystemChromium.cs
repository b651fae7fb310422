using Microsoft.Playwright;

namespace AlatauPay.Checkout.Tests;

/// <summary>
/// Headless Chromium from the Debian package, driven by Playwright. Missing it fails the test with what to install:
/// Playwright's own browser download does not work here and is never attempted.
/// </summary>
public static class SystemChromium
{
    private static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static string Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "chromium"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium is not installed: apt-get install chromium (ops/test installs it)");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Locate();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Arguments,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
