namespace AlatauPay.Api.Checkout;

/// <summary>
/// Which language a resident reads the page in: <c>?lang=</c> (remembered in a cookie), then the cookie,
/// then the browser's <c>Accept-Language</c> by preference, then English.
/// </summary>
public static class CheckoutLanguage
{
    public const string Cookie = "alatau_lang";
    public const string Query = "lang";

    public static CheckoutText Choose(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Known(http.Request.Query[Query]) is { } asked)
        {
            http.Response.Cookies.Append(Cookie, asked, new CookieOptions
            {
                Path = "/pay",
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
            return CheckoutText.For(asked);
        }

        if (Known(http.Request.Cookies[Cookie]) is { } remembered)
        {
            return CheckoutText.For(remembered);
        }

        var preferred = http.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not <= 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => Known(Primary(l.Value.Value)))
            .FirstOrDefault(l => l is not null);
        return CheckoutText.For(preferred ?? "en");
    }

    private static string? Primary(string? tag) => tag?.Split('-', 2)[0].ToLowerInvariant();

    private static string? Known(string? language) =>
        CheckoutText.All.FirstOrDefault(t => t.Language == language)?.Language;
}
