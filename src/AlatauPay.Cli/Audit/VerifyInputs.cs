namespace AlatauPay.Cli.Audit;

internal static class VerifyInputs
{
    /// <summary>Online when a client is given (head, export and proofs from the gateway), else from saved files.</summary>
    public static async Task<AuditInputs> CreateAsync(
        LedgerClient? client, FileInfo? head, FileInfo? entries, FileInfo? trusted, IReadOnlyList<long> entryIds, CancellationToken cancellationToken)
    {
        var pinned = trusted is null ? null : SignedHeadFile.Load(trusted.FullName);
        if (client is null)
        {
            var current = SignedHeadFile.Load((head ?? throw new ArgumentException("--entries needs the --head saved with it.")).FullName);
            return new AuditInputs(current, pinned, (_, _) => Task.FromResult<Stream>(File.OpenRead(entries!.FullName)), null, null, entryIds);
        }

        var signed = await client.SignedHeadAsync(cancellationToken);
        return new AuditInputs(
            signed,
            pinned,
            async (size, token) => (await client.OpenExportAsync($"format=jsonl&treeSize={size}", token)).Body,
            client.ConsistencyAsync,
            client.InclusionAsync,
            entryIds);
    }
}
