using Microsoft.Playwright;

namespace AlatauPay.Checkout.Tests;

/// <summary>Full-page screenshots of each state, kept as artifacts in <c>TestResults/screenshots</c> at the repository root (or <c>$ALATAU_SCREENSHOTS</c>).</summary>
public static class Screenshots
{
    public static string Folder { get; } = Environment.GetEnvironmentVariable("ALATAU_SCREENSHOTS") ?? Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0, $"The screenshot {path} is empty.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AlatauPay.sln")))
            {
                return directory.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
