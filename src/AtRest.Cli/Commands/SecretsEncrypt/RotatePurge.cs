using AtRest.Cli.Commands.Server;
using AtRest.Storage;
using AtRest.Storage.Etcd;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// The end of rotate-keys: drop the old revisions that still hold the removed key's ciphertext. etcd is compacted and
/// defragmented through its API while the servers run (<see cref="EtcdPurge"/>, as <c>secrets-encrypt purge</c> does);
/// the embedded store can only be purged with its server stopped, so then the command says how.
/// </summary>
internal static class RotatePurge
{
    /// <summary>Purges <paramref name="etcd"/>, or, without one, says how to purge.</summary>
    public static async Task RunAsync(StoreLocation? etcd, TextWriter output, CancellationToken cancellationToken)
    {
        if (etcd is null || !etcd.IsEtcd)
        {
            await output.WriteLineAsync(
                "old revisions in the store may still hold values under the removed key until compaction: run `atrest secrets-encrypt purge` "
                + "(with the server stopped, for the embedded store), or pass --etcd-servers to rotate-keys to purge etcd at the end");
            return;
        }

        if (etcd.Validate() is [var problem, ..])
        {
            throw new ArgumentException(problem);
        }

        var options = new EtcdOptions { Endpoints = etcd.EtcdUrls, CaFile = etcd.EtcdCaFile, CertFile = etcd.EtcdCertFile, KeyFile = etcd.EtcdKeyFile };
        var revision = await EtcdPurge.PurgeAsync(options, cancellationToken);
        await output.WriteLineAsync($"purged {StoreOpener.Describe(etcd)}: compacted to revision {revision}, {options.Endpoints.Count} member(s) defragmented");
        await output.WriteLineAsync("warning: etcd snapshots and backups taken before this purge still hold the old key's values, and so do the members' "
            + "write-ahead logs until etcd rotates them");
    }
}
