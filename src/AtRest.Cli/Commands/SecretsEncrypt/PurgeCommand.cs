using System.CommandLine;
using AtRest.Cli.Commands.Server;
using AtRest.Storage.Etcd;
using AtRest.Storage.Sqlite;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// <c>atrest secrets-encrypt purge [--data-dir D | --etcd-servers …]</c>: drops every old revision so that no old plain
/// text or old-key ciphertext stays behind a rewrite. The embedded store is purged offline (the server must be
/// stopped: the data directory's lock is taken), down to the bytes of its files; etcd is compacted and defragmented
/// through its API, member by member.
/// </summary>
internal static class PurgeCommand
{
    public static Command Create()
    {
        var store = StoreOptions.Create();
        var command = new Command("purge", "Compact to the current revision and overwrite the freed space, so that no old value remains");
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var location = store.Location(result, embeddedMustExist: true);
            try
            {
                if (location.IsEtcd)
                {
                    if (location.Validate() is [var problem, ..])
                    {
                        throw new ArgumentException(problem);
                    }

                    var options = new EtcdOptions
                    {
                        Endpoints = location.EtcdUrls,
                        CaFile = location.EtcdCaFile,
                        CertFile = location.EtcdCertFile,
                        KeyFile = location.EtcdKeyFile,
                    };
                    var revision = await EtcdPurge.PurgeAsync(options, cancellationToken);
                    Console.WriteLine($"purged {StoreOpener.Describe(location)}: compacted to revision {revision}, {options.Endpoints.Count} member(s) defragmented");
                    await Console.Error.WriteLineAsync(
                        "warning: etcd snapshots and backups taken before this purge still hold the old values (plain text or old-key ciphertext), "
                        + "and so do each member's write-ahead log files (member/wal) until etcd rotates them; replace or destroy them");
                    return 0;
                }

                if (!File.Exists(location.SqliteFile))
                {
                    throw new IOException($"no embedded store at {location.SqliteFile}: pass the server's --data-dir, or --etcd-servers");
                }

                using (DataDirectoryLock.Acquire(location.DataDirectory))
                {
                    var revision = await SqlitePurge.PurgeAsync(location.SqliteFile, cancellationToken);
                    Console.WriteLine($"purged {StoreOpener.Describe(location)}: compacted to revision {revision}, old pages overwritten, WAL truncated");
                }

                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException or ServerStartupException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
