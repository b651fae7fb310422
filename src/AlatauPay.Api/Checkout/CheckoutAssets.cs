using System.Security.Cryptography;

namespace AlatauPay.Api.Checkout;

/// <summary>The page's stylesheet and script, compiled into the assembly so the page needs nothing from outside the gateway.</summary>
internal static class CheckoutAssets
{
    public const string StylePath = "/pay/assets/checkout.css";
    public const string ScriptPath = "/pay/assets/checkout.js";
    public const string IconPath = "/pay/assets/icon.svg";

    private static readonly Asset Style = Load("checkout.css", "text/css; charset=utf-8");
    private static readonly Asset Script = Load("checkout.js", "text/javascript; charset=utf-8");
    private static readonly Asset Icon = Load("icon.svg", "image/svg+xml");

    public static IResult Serve(HttpContext http, string name)
    {
        var asset = name switch
        {
            "checkout.css" => Style,
            "checkout.js" => Script,
            "icon.svg" => Icon,
            _ => null,
        };
        if (asset is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=300";
        http.Response.Headers.ETag = asset.ETag;
        return http.Request.Headers.IfNoneMatch == asset.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(CheckoutAssets).Assembly.GetManifestResourceStream($"AlatauPay.Api.Checkout.Assets.{name}")
            ?? throw new InvalidOperationException($"The checkout asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return new Asset(bytes, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
