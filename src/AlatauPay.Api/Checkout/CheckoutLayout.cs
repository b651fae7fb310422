using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AlatauPay.Api.Checkout;

/// <summary>The frame every checkout page shares: head, language switcher, main landmark. Styles and script come from the gateway itself.</summary>
internal static class CheckoutLayout
{
    public static string Page(CheckoutText text, string title, string body, string bodyAttributes = "")
    {
        var html = new StringBuilder(8 * 1024);
        html.Append("<!doctype html>\n<html lang=\"").Append(text.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<title>").Append(Encode(title)).Append(" · AlatauPay</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(CheckoutAssets.StylePath).Append("\">\n")
            .Append("<link rel=\"icon\" href=\"").Append(CheckoutAssets.IconPath).Append("\" type=\"image/svg+xml\">\n")
            .Append("<script src=\"").Append(CheckoutAssets.ScriptPath).Append("\" defer></script>\n")
            .Append("</head>\n<body").Append(bodyAttributes).Append(">\n")
            .Append("<header class=\"top\"><span class=\"brand\">AlatauPay</span>")
            .Append("<nav class=\"languages\" aria-label=\"").Append(Encode(text["language"])).Append("\"><ul>");
        foreach (var language in CheckoutText.All)
        {
            html.Append("<li><a href=\"?").Append(CheckoutLanguage.Query).Append('=').Append(language.Language)
                .Append("\" lang=\"").Append(language.Language).Append("\" hreflang=\"").Append(language.Language).Append('"')
                .Append(language.Language == text.Language ? " aria-current=\"true\"" : "")
                .Append('>').Append(Encode(language.Name)).Append("</a></li>");
        }

        html.Append("</ul></nav></header>\n<main id=\"main\">\n").Append(body).Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Kazakh and Russian stay readable in the source; only markup characters are escaped.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? value) => Encoder.Encode(value ?? "");

    /// <summary>A page with only a heading and a sentence: not found, cancelled receipts and the like.</summary>
    public static string Message(CheckoutText text, string titleKey, string messageKey, string? backLink = null) =>
        Page(
            text,
            text[titleKey],
            $"<section class=\"notice\" id=\"notice\"><h1>{Encode(text[titleKey])}</h1><p>{Encode(text[messageKey])}</p>"
            + (backLink is null ? "" : $"<p><a href=\"{Encode(backLink)}\">{Encode(text["back-to-bill"])}</a></p>")
            + "</section>\n");
}
