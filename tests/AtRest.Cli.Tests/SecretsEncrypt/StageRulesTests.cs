using AtRest.ApiServer.Lifecycle;
using AtRest.Cli.Commands.SecretsEncrypt;

namespace AtRest.Cli.Tests.SecretsEncrypt;

/// <summary>Each step-by-step verb runs only from its stages (or again from the one it reached) and says what to run otherwise.</summary>
public sealed class StageRulesTests
{
    [Theory]
    [InlineData("prepare", RotationStage.Start)]
    [InlineData("prepare", RotationStage.ReencryptFinished)]
    [InlineData("prepare", RotationStage.Prepare)]
    [InlineData("rotate", RotationStage.Prepare)]
    [InlineData("rotate", RotationStage.Rotate)]
    [InlineData("reencrypt", RotationStage.Rotate)]
    [InlineData("reencrypt", RotationStage.ReencryptRequest)]
    [InlineData("reencrypt", RotationStage.ReencryptActive)]
    [InlineData("enable", RotationStage.Start)]
    [InlineData("disable", RotationStage.ReencryptFinished)]
    public void Allowed(string verb, string stage) => StageRules.Require(verb, stage);

    [Theory]
    [InlineData("prepare", RotationStage.Rotate, "prepare needs rotation stage start or reencrypt_finished or prepare, but the stage is rotate: run `atrest secrets-encrypt reencrypt`")]
    [InlineData("rotate", RotationStage.Start, "rotate needs rotation stage prepare or rotate, but the stage is start: run `atrest secrets-encrypt prepare`")]
    [InlineData("reencrypt", RotationStage.Prepare, "reencrypt needs rotation stage rotate or reencrypt_request or reencrypt_active, but the stage is prepare: run `atrest secrets-encrypt rotate`")]
    [InlineData("enable", RotationStage.ReencryptActive, "enable needs rotation stage start or reencrypt_finished, but the stage is reencrypt_active: run `atrest secrets-encrypt reencrypt`")]
    [InlineData("disable", RotationStage.Prepare, "disable needs rotation stage start or reencrypt_finished, but the stage is prepare: run `atrest secrets-encrypt rotate`")]
    public void Refused_with_the_stage_needed_and_the_next_verb(string verb, string stage, string message)
    {
        var error = Assert.Throws<LifecycleException>(() => StageRules.Require(verb, stage));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
