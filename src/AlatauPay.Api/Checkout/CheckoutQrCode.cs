using QRCoder;

namespace AlatauPay.Api.Checkout;

/// <summary>A payment URI as a QR code PNG, inlined as a data URI so the page needs no second request and no outside service.</summary>
internal static class CheckoutQrCode
{
    private const int PixelsPerModule = 6;

    public static string DataUri(string paymentUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(paymentUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(PixelsPerModule);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
