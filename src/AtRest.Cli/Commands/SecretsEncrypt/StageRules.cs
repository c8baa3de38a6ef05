using AtRest.ApiServer.Lifecycle;

namespace AtRest.Cli.Commands.SecretsEncrypt;

/// <summary>
/// Which step-by-step verb may run from which rotation stage, and what to run instead. A verb may also run again from
/// the stage it moves to, so that one stopped half-way (a kill, a timeout) is continued by running it again.
/// </summary>
internal static class StageRules
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["prepare"] = [RotationStage.Start, RotationStage.ReencryptFinished, RotationStage.Prepare],
        ["rotate"] = [RotationStage.Prepare, RotationStage.Rotate],
        ["reencrypt"] = [RotationStage.Rotate, RotationStage.ReencryptRequest, RotationStage.ReencryptActive],
        ["enable"] = [RotationStage.Start, RotationStage.ReencryptFinished],
        ["disable"] = [RotationStage.Start, RotationStage.ReencryptFinished],
    };

    /// <summary>The verb that continues a rotation at <paramref name="stage"/>.</summary>
    public static string NextVerb(string stage) => stage switch
    {
        RotationStage.Prepare => "rotate",
        RotationStage.Rotate or RotationStage.ReencryptRequest or RotationStage.ReencryptActive => "reencrypt",
        _ => "prepare",
    };

    /// <summary>The stages <paramref name="verb"/> may run from.</summary>
    public static IReadOnlyList<string> StagesFor(string verb) => Allowed[verb];

    /// <summary>Stops unless <paramref name="verb"/> may run at <paramref name="stage"/>, saying which stage it needs and what to run now.</summary>
    /// <exception cref="LifecycleException">The stage does not allow the verb.</exception>
    public static void Require(string verb, string stage)
    {
        var allowed = Allowed[verb];
        if (allowed.Contains(stage))
        {
            return;
        }

        throw new LifecycleException(
            $"{verb} needs rotation stage {string.Join(" or ", allowed)}, but the stage is {stage}: "
            + $"run `atrest secrets-encrypt {NextVerb(stage)}` (or `rotate-keys`, which continues from any stage)");
    }
}
