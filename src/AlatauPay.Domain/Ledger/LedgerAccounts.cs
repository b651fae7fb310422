using System.Text.RegularExpressions;
using AlatauPay.Domain.Amounts;
using AlatauPay.Domain.Departments;

namespace AlatauPay.Domain.Ledger;

/// <summary>The chart of accounts: colon-separated names, one trading account per currency.</summary>
public static partial class LedgerAccounts
{
    public static string CryptoAssets(Currency currency, DepartmentCode department) => $"assets:crypto:{currency.Code}:{department}";

    public static string Trading(Currency currency) => $"trading:{currency.Code}";

    public static string Revenue(DepartmentCode department, ServiceCode service) => $"revenue:{department}:{service}";

    /// <summary>What the city owes a payer who paid more than was due.</summary>
    public static string PayerCredit(Currency currency, DepartmentCode department, string payerAccount) =>
        $"liabilities:payer-credit:{currency.Code}:{department}:{payerAccount}";

    public static bool IsValid(string? account) => account is not null && account.Length <= 200 && Pattern().IsMatch(account);

    [GeneratedRegex("^[a-z]+(:[A-Za-z0-9._-]+)+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
