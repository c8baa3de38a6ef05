using System.CommandLine;
using AtRest.Cli.Commands.Server;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// <c>rotate-keys</c> and the step-by-step verbs <c>prepare</c>, <c>rotate</c>, <c>enable</c>, <c>disable</c> (k3s's names), all
/// driven by <see cref="RotateKeysRunner"/> against the server the kubeconfig names. k3s's <c>reencrypt</c> step is
/// <see cref="ReencryptCommand"/>, which also re-encrypts outside a rotation and offline.
/// </summary>
internal static class RotateCommands
{
    /// <summary>Every verb.</summary>
    public static IEnumerable<Command> Create()
    {
        var skipPurge = new Option<bool>("--skip-purge") { Description = "Leave old revisions alone at the end (no etcd purge, no advice)" };
        var store = StoreOptions.Create();
        Option[] etcd = [store.EtcdServers, store.EtcdCaFile, store.EtcdCertFile, store.EtcdKeyFile];
        var all = Verb("rotate-keys", "Generate a new key, make it the write key once every server reads it, re-encrypt everything, then remove the old key",
            force: true, (runner, ct) => runner.RunAllAsync(ct), skipPurge, (result, settings) => settings with { PurgeEtcd = store.Location(result, embeddedMustExist: false) });
        foreach (var option in etcd)
        {
            all.Options.Add(option);
        }

        yield return all;
        yield return Verb("prepare", "Add a new key as a read key (stage prepare)", force: false, (runner, ct) => runner.PrepareAsync(ct));
        yield return Verb("rotate", "Make the prepared key the write key (stage rotate)", force: false, (runner, ct) => runner.RotateAsync(ct));
        yield return Verb("enable", "Encrypt new writes: identity moves last", force: false, (runner, ct) => runner.SetEncryptionAsync(enable: true, ct));
        yield return Verb("disable", "Store new writes in plain text: identity moves first", force: false, (runner, ct) => runner.SetEncryptionAsync(enable: false, ct));
    }

    /// <summary>The runner of every verb, against the server <paramref name="client"/> talks to, printing to the console.</summary>
    public static RotateKeysRunner Runner(LifecycleClient client, RotateSettings settings) =>
        new(new RotateServer(client), new RotateReencryptEndpoint(client), settings, Console.Out, TimeProvider.System);

    private static Command Verb(string name, string description, bool force, Func<RotateKeysRunner, CancellationToken, Task> action,
        Option<bool>? skipPurge = null, Func<ParseResult, RotateSettings, RotateSettings>? more = null)
    {
        var flags = new RotateFlags();
        var command = new Command(name, description);
        flags.AddTo(command, force);
        if (skipPurge is not null)
        {
            command.Options.Add(skipPurge);
        }

        command.SetAction((result, cancellationToken) => LifecycleConsole.RunAsync(async () =>
        {
            var settings = flags.Settings(result, skipPurge is not null && result.GetValue(skipPurge));
            settings = more?.Invoke(result, settings) ?? settings;
            using var client = LifecycleClient.Create(flags.Kubeconfig(result));
            await action(Runner(client, settings), cancellationToken);
            return 0;
        }));
        return command;
    }
}
