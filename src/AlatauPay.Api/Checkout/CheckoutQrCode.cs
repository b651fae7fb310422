using System.Collections.Concurrent;
using QRCoder;

namespace AlatauPay.Api.Checkout;

/// <summary>A payment URI as a QR code PNG, inlined as a data URI so the page needs no second request and no outside service.</summary>
internal static class CheckoutQrCode
{
    private const int PixelsPerModule = 6;
    private const int Remembered = 1024;

    // Live updates are built every second for every open page; the same URI is drawn once, not once a second.
    private static readonly ConcurrentDictionary<string, string> Drawn = new(StringComparer.Ordinal);

    public static string DataUri(string paymentUri)
    {
        if (Drawn.TryGetValue(paymentUri, out var known))
        {
            return known;
        }

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(paymentUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(PixelsPerModule);
        var drawn = "data:image/png;base64," + Convert.ToBase64String(png);
        if (Drawn.Count >= Remembered)
        {
            Drawn.Clear();
        }

        Drawn[paymentUri] = drawn;
        return drawn;
    }
}
