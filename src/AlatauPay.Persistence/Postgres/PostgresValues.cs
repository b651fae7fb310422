using System.Globalization;
using System.Numerics;

namespace AlatauPay.Persistence.Postgres;

/// <summary>
/// How values cross to PostgreSQL and back exactly. Amounts travel as decimal text and are cast to and
/// from numeric(78,0) in SQL; times are text to the 100 ns tick (see migration 0001).
/// </summary>
internal static class PostgresValues
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc));

    public static string Integer(Int128 value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Integer(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    public static Int128 Int128(string text) => System.Int128.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static BigInteger BigInteger(string text) => System.Numerics.BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
