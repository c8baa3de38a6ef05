using System.CommandLine;
using AtRest.KmsPlugin.Backends;

namespace AtRest.Cli.Commands.KmsPlugin;

/// <summary>The <c>--backend</c> flags shared by <c>kms-plugin</c> and <c>kms-plugin rotate</c>.</summary>
internal sealed class BackendOptions
{
    private readonly Option<string> _backend = new("--backend") { Description = "file or pkcs11", DefaultValueFactory = _ => "file" };
    private readonly Option<string> _keyFile = new("--key-file") { Description = "file backend: the key file (JSON, mode 0600)" };
    private readonly Option<string> _module = new("--pkcs11-module")
    {
        Description = "pkcs11 backend: the PKCS#11 module",
        DefaultValueFactory = _ => "/usr/lib/softhsm/libsofthsm2.so",
    };
    private readonly Option<string> _token = new("--pkcs11-token") { Description = "pkcs11 backend: the token label" };
    private readonly Option<string> _pinFile = new("--pkcs11-pin-file") { Description = "pkcs11 backend: a file holding the user PIN" };

    public void AddTo(Command command)
    {
        command.Options.Add(_backend);
        command.Options.Add(_keyFile);
        command.Options.Add(_module);
        command.Options.Add(_token);
        command.Options.Add(_pinFile);
    }

    public bool IsFile(ParseResult result) => result.GetValue(_backend) == "file";

    public string? KeyFile(ParseResult result, List<string> errors)
    {
        var path = result.GetValue(_keyFile);
        if (path is null)
        {
            errors.Add("--backend file needs --key-file");
            return null;
        }

        return Path.GetFullPath(path);
    }

    /// <summary>The configured backend, or null with the reasons added to <paramref name="errors"/>.</summary>
    public IKeyBackend? Open(ParseResult result, List<string> errors)
    {
        switch (result.GetValue(_backend))
        {
            case "file":
                return KeyFile(result, errors) is { } path ? new FileKeyBackend(path) : null;
            case "pkcs11":
                var token = result.GetValue(_token);
                var pinFile = result.GetValue(_pinFile);
                if (token is null || pinFile is null)
                {
                    errors.Add("--backend pkcs11 needs --pkcs11-token and --pkcs11-pin-file");
                    return null;
                }

                try
                {
                    return new Pkcs11KeyBackend(new Pkcs11Settings(result.GetValue(_module)!, token, Path.GetFullPath(pinFile)));
                }
                catch (KeyBackendException e)
                {
                    errors.Add(e.Message);
                    return null;
                }

            case var other:
                errors.Add($"--backend {other} is not supported: use file or pkcs11");
                return null;
        }
    }
}
