using System.Globalization;
using System.Net;
using AtRest.ApiServer.Lifecycle;
using AtRest.Encryption.Configuration;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// The key rotation, k3s's stages made safe. Each step records its stage in the store before it edits the file, makes
/// its edit idempotent, and waits until every live server reports the file's hash before the next step, so a run that
/// stops anywhere is continued by running it again:
/// <code>
/// prepare    new key added second (reads only)        → wait for every server
/// rotate     new key first (writes)                   → wait
/// reencrypt  the server rewrites every object         → inventory: nothing on the old keys, nothing unreadable
///            old keys removed                         → wait → reencrypt_finished
/// </code>
/// A new key is never written with before every server can read it, and an old key is never removed while the
/// inventory shows an object under it (k3s#5933), unless forced after printing how many objects that locks out.
/// </summary>
internal sealed class RotateKeysRunner(RotateServer server, IRotateReencryptStep reencrypt, RotateSettings settings, TextWriter output, TimeProvider time)
{
    /// <summary><c>rotate-keys</c>: every step, continuing from the stage the store records.</summary>
    public async Task RunAllAsync(CancellationToken cancellationToken)
    {
        var stage = (await server.RotationAsync(cancellationToken)).Record.Stage;
        if (stage is RotationStage.Start or RotationStage.ReencryptFinished or RotationStage.Prepare)
        {
            await PrepareAsync(cancellationToken);
            stage = RotationStage.Prepare;
        }
        else
        {
            await output.WriteLineAsync($"continuing the rotation at stage {stage}");
        }

        if (stage is RotationStage.Prepare or RotationStage.Rotate)
        {
            await RotateAsync(cancellationToken);
        }

        await ReencryptAsync(cancellationToken);
        if (!settings.SkipPurge)
        {
            await RotatePurge.RunAsync(settings.PurgeEtcd, output, cancellationToken);
        }
    }

    /// <summary><c>prepare</c>: a new key, added as a read key.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var path = await ConfigPathAsync(cancellationToken);
        var rotation = await server.RotationAsync(cancellationToken);
        StageRules.Require("prepare", rotation.Record.Stage);
        var file = ConfigFileDocument.Load(path);
        if (rotation.Record.Stage != RotationStage.Prepare)
        {
            var rules = RotatableRules(file);
            var name = NewKeyName(file);
            var record = new RotationRecord(RotationStage.Prepare, name, [.. rules.Select(r => r.KeyNames[0]).Distinct()],
                [.. rules.SelectMany(r => r.Resources).Distinct()], time.GetUtcNow());
            rotation = await server.MoveAsync(rotation, record, cancellationToken);
            await output.WriteLineAsync($"prepare: new {string.Join("/", rules.Select(r => r.KeyedType).Distinct())} key {name} for {string.Join(", ", record.Resources)} "
                + $"(replacing {string.Join(", ", record.OldKeys)}), added as a read key");
        }

        var changed = false;
        foreach (var rule in TargetRules(file, rotation.Record).Where(r => !r.KeyNames.Contains(rotation.Record.NewKey)))
        {
            ConfigFileDocument.AddReadKey(rule, rotation.Record.NewKey, ConfigFileDocument.NewSecret(rule.KeyedType!));
            changed = true;
        }

        await SaveAndWaitAsync(file, changed, cancellationToken);
    }

    /// <summary><c>rotate</c>: the new key becomes the write key, once every server can read it.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        var path = await ConfigPathAsync(cancellationToken);
        var rotation = await server.RotationAsync(cancellationToken);
        StageRules.Require("rotate", rotation.Record.Stage);
        var file = ConfigFileDocument.Load(path);
        var rules = TargetRules(file, rotation.Record);
        if (rules.FirstOrDefault(r => !r.KeyNames.Contains(rotation.Record.NewKey)) is { } missing)
        {
            throw new LifecycleException($"{path} has no key {rotation.Record.NewKey} for {string.Join(", ", missing.Resources)}: "
                + "run `atrest secrets-encrypt prepare` again to add it");
        }

        if (rotation.Record.Stage == RotationStage.Prepare)
        {
            // Writing with the new key before every server can read it would make those writes unreadable there.
            await WaitForServersAsync(path, HashOf(path), cancellationToken);
            rotation = await server.MoveAsync(rotation, rotation.Record with { Stage = RotationStage.Rotate, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }

        await output.WriteLineAsync($"rotate: {rotation.Record.NewKey} is the write key for {string.Join(", ", rotation.Record.Resources)}");
        await PromoteAsync(file, rotation.Record, cancellationToken);
    }

    /// <summary>
    /// <c>reencrypt</c>: the server rewrites every object with the write key; then, once the inventory shows nothing under the
    /// old keys, they are removed.
    /// </summary>
    public async Task ReencryptAsync(CancellationToken cancellationToken)
    {
        var path = await ConfigPathAsync(cancellationToken);
        var rotation = await server.RotationAsync(cancellationToken);
        StageRules.Require("reencrypt", rotation.Record.Stage);
        var hash = await PromoteAsync(ConfigFileDocument.Load(path), rotation.Record, cancellationToken);
        if (rotation.Record.Stage == RotationStage.Rotate)
        {
            rotation = await server.MoveAsync(rotation, rotation.Record with { Stage = RotationStage.ReencryptRequest, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }

        var run = await reencrypt.StartAsync(rotation.Record.Resources, cancellationToken);
        if (rotation.Record.Stage == RotationStage.ReencryptRequest)
        {
            rotation = await server.MoveAsync(rotation, rotation.Record with { Stage = RotationStage.ReencryptActive, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }

        await FollowAsync(run, hash, cancellationToken);
        await RemoveOldKeysAsync(path, rotation, cancellationToken);
    }

    /// <summary><c>enable</c> (identity last) or <c>disable</c> (identity first), as k3s does.</summary>
    public async Task SetEncryptionAsync(bool enable, CancellationToken cancellationToken)
    {
        var verb = enable ? "enable" : "disable";
        var path = await ConfigPathAsync(cancellationToken);
        StageRules.Require(verb, (await server.RotationAsync(cancellationToken)).Record.Stage);
        var file = ConfigFileDocument.Load(path);
        var rules = file.Rules.Where(r => r.FirstEncryptingType is not null).ToList();
        if (rules.Count == 0)
        {
            throw new LifecycleException($"{path} has no aescbc, aesgcm, secretbox or kms provider, so there is no encryption to {verb}: "
                + "add a provider with a key first");
        }

        var changed = false;
        foreach (var rule in rules)
        {
            changed |= ConfigFileDocument.PlaceIdentity(rule, first: !enable);
        }

        await output.WriteLineAsync(changed
            ? $"{verb}: identity moved {(enable ? "last: new writes are encrypted" : "first: new writes are stored in plain text, encrypted values still read")}"
            : $"encryption is already {verb}d in {path}");
        await SaveAndWaitAsync(file, changed, cancellationToken);
    }

    private async Task<string> PromoteAsync(ConfigFileDocument file, RotationRecord record, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var rule in TargetRules(file, record).Where(r => r.KeyNames.Count > 0 && r.KeyNames[0] != record.NewKey))
        {
            ConfigFileDocument.PromoteKey(rule, record.NewKey);
            changed = true;
        }

        return await SaveAndWaitAsync(file, changed, cancellationToken);
    }

    // The run as ReencryptProgress follows it, a line whenever the count moves; then only a run under this file's hash counts.
    private async Task FollowAsync(ReencryptionRun started, string hash, CancellationToken cancellationToken)
    {
        long reported = -1;
        var run = await ReencryptProgress.PollAsync(reencrypt.GetAsync, started.Id, reading =>
        {
            if (reading.Done != reported || reading.State != ReencryptionState.Running)
            {
                reported = reading.Done;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"reencrypt {reading.Id}: {reading.State}, {reading.Done}/{reading.Total} objects ({reading.Rewritten} rewritten, {reading.Skipped} already on the write key, "
                    + $"{reading.Conflicts} changed by clients meanwhile, {reading.Failed} failed)"));
            }
        }, settings.PollInterval, time, cancellationToken);

        if (run.State == ReencryptionState.Failed)
        {
            throw new LifecycleException($"re-encryption {run.Id} failed: {run.Error}; run `atrest secrets-encrypt reencrypt` to try again");
        }

        if (run.ConfigHash != hash)
        {
            throw new LifecycleException($"re-encryption {run.Id} ran with configuration {run.ConfigHash}, not {hash}: run `atrest secrets-encrypt reencrypt` again");
        }
    }

    private async Task RemoveOldKeysAsync(string path, RotationDocument rotation, CancellationToken cancellationToken)
    {
        var record = rotation.Record;
        var old = record.OldKeys.Where(k => k != record.NewKey).ToList();
        var file = ConfigFileDocument.Load(path);
        var removed = false;
        foreach (var rule in TargetRules(file, record))
        {
            foreach (var key in old)
            {
                removed |= ConfigFileDocument.RemoveKey(rule, key);
            }
        }

        if (removed)
        {
            var inventory = await server.InventoryAsync(cancellationToken);
            var (onOldKeys, unreadable) = Using(inventory, record.Resources, old);
            var keys = string.Join(", ", old);
            if (onOldKeys > 0 || unreadable > 0)
            {
                var found = string.Create(CultureInfo.InvariantCulture,
                    $"the inventory at revision {inventory.Revision} finds {onOldKeys} object(s) of {string.Join(", ", record.Resources)} still under key(s) {keys} and {unreadable} unreadable");
                if (!settings.Force)
                {
                    throw new LifecycleException($"{found}: not removing {keys} from {path}. "
                        + "Run `atrest secrets-encrypt reencrypt` again, or pass --force to remove the key(s) anyway and lose those objects");
                }

                var lockout = await server.CheckConfigAsync(file.Render(), cancellationToken);
                await output.WriteLineAsync($"{found}; --force: removing {keys}: {lockout.Summary()}");
            }

            await output.WriteLineAsync($"removing key(s) {keys} from {path}");
        }

        await SaveAndWaitAsync(file, removed, cancellationToken);
        await server.MoveAsync(rotation, record with { Stage = RotationStage.ReencryptFinished, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        await output.WriteLineAsync($"rotation finished: {string.Join(", ", record.Resources)} on key {record.NewKey}");
    }

    private static (long OnOldKeys, long Unreadable) Using(InventoryReport inventory, IReadOnlyList<string> resources, IReadOnlyList<string> oldKeys)
    {
        long onOld = 0, unreadable = 0;
        foreach (var resource in inventory.Resources.Where(r => resources.Contains(r.Resource)))
        {
            unreadable += resource.Unreadable;

            // A prefix as the inventory counts it: k8s:enc:aescbc:v1:key1: (KMS values add " key_id=…").
            onOld += resource.ByKey.Where(pair => oldKeys.Contains(KeyDescription.FromPrefix(pair.Key.Split(' ')[0], active: false).Name)).Sum(pair => pair.Value);
        }

        return (onOld, unreadable);
    }

    private async Task<string> SaveAndWaitAsync(ConfigFileDocument file, bool changed, CancellationToken cancellationToken)
    {
        var hash = changed ? file.Save() : HashOf(file.Path);
        if (changed)
        {
            await output.WriteLineAsync($"wrote {file.Path} ({hash})");
        }

        await WaitForServersAsync(file.Path, hash, cancellationToken);
        return hash;
    }

    /// <summary>Waits until every live server reports <paramref name="hash"/>, naming the ones that lag whenever that changes.</summary>
    private async Task WaitForServersAsync(string path, string hash, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + settings.Timeout;
        string? reported = null;
        while (true)
        {
            var live = (await server.ServersAsync(cancellationToken)).Where(s => s.Live).ToList();
            var lagging = live.Where(s => s.Record.ConfigHash != hash).ToList();
            if (live.Count > 0 && lagging.Count == 0)
            {
                await output.WriteLineAsync($"all {live.Count} server(s) serve {hash}");
                return;
            }

            var report = lagging.Count == 0
                ? "no server has published its record yet"
                : string.Join("; ", lagging.Select(s => string.Create(CultureInfo.InvariantCulture,
                    $"{s.Record.Id} (host {s.Record.HostName}, pid {s.Record.ProcessId}) serves {s.Record.ConfigHash}")));
            if (report != reported)
            {
                reported = report;
                await output.WriteLineAsync($"waiting for {lagging.Count} of {live.Count} server(s) to load {path} ({hash}): {report}");
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"gave up after {settings.Timeout} waiting for every server to load {path} ({hash}): {report}. "
                    + "A server picks the file up only with --encryption-provider-config-automatic-reload, refuses a file that would make stored objects "
                    + "unreadable (its /healthz says so), and a server with its own copy of the file needs that copy updated; run the command again to continue");
            }

            await Task.Delay(settings.PollInterval, time, cancellationToken);
        }
    }

    private async Task<string> ConfigPathAsync(CancellationToken cancellationToken)
    {
        if (settings.ConfigPath is { } given)
        {
            return Path.GetFullPath(given);
        }

        var status = await server.StatusAsync(cancellationToken);
        if (status.ConfigPath.Length > 0 && status.HostName == Dns.GetHostName() && File.Exists(status.ConfigPath))
        {
            return status.ConfigPath;
        }

        throw new LifecycleException($"the server's encryption configuration {(status.ConfigPath.Length == 0 ? "file is not known" : $"{status.ConfigPath} is on host {status.HostName}")}, "
            + "not a file on this machine: pass --encryption-provider-config PATH (the file the server reloads)");
    }

    // The rules that encrypt with an aescbc, aesgcm or secretbox key: those rotate-keys rotates.
    private static List<ConfigFileRule> RotatableRules(ConfigFileDocument file)
    {
        var rules = file.Rules.Where(r => r.FirstEncryptingType is { } type && ConfigFileRule.RotatableTypes.Contains(type) && r.KeyNames.Count > 0).ToList();
        if (rules.Count > 0)
        {
            return rules;
        }

        if (file.Rules.FirstOrDefault(r => r.FirstEncryptingType == "kms") is { } kms)
        {
            throw new LifecycleException($"{string.Join(", ", kms.Resources)} in {file.Path} are encrypted by a kms provider: its keys are rotated by the KMS plugin "
                + "(e.g. `atrest kms-plugin rotate`), which the server picks up by itself; rotate-keys only rotates aescbc, aesgcm and secretbox keys");
        }

        throw new LifecycleException($"{file.Path} has no aescbc, aesgcm or secretbox key to rotate");
    }

    private static List<ConfigFileRule> TargetRules(ConfigFileDocument file, RotationRecord record) =>
        [.. file.Rules.Where(r => r.KeyedType is not null && r.FirstEncryptingType != "kms" && r.Resources.Any(record.Resources.Contains))];

    // key-<UTC yyyyMMddHHmmss>, one second later while the name is taken.
    private string NewKeyName(ConfigFileDocument file)
    {
        var taken = file.KeyNames;
        var at = time.GetUtcNow();
        while (true)
        {
            var name = "key-" + at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            if (!taken.Contains(name))
            {
                return name;
            }

            at = at.AddSeconds(1);
        }
    }

    private static string HashOf(string path) => EncryptionConfigurationLoader.ContentHash(File.ReadAllBytes(path));
}
