using System.Globalization;
using System.Numerics;

namespace AlatauPay.Persistence.Sqlite;

/// <summary>How values are written as SQLite TEXT, and read back exactly.</summary>
internal static class SqliteValues
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
