using AtRest.ApiServer.Errors;
using AtRest.ApiServer.ManagedFields;
using Microsoft.AspNetCore.Http;

namespace AtRest.ApiServer.Tests.ManagedFields;

/// <summary>The manager a write is recorded as, as kube-apiserver's managerOrUserAgent and ValidateFieldManager.</summary>
public sealed class ManagerNameTests
{
    [Theory]
    [InlineData("kubectl-create/v1.20.2 (linux/amd64) kubernetes/faecb19", "kubectl-create")]
    [InlineData("kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9", "kubectl")]
    [InlineData("OpenAPI-Generator/31.0.0/python", "OpenAPI-Generator")]
    [InlineData("bell\u0007agent/1", "bellagent")]
    [InlineData("", "")]
    public void The_user_agent_up_to_its_first_slash_names_the_manager(string userAgent, string manager) =>
        Assert.Equal(manager, ManagerName.FromUserAgent(userAgent));

    [Fact]
    public void A_long_user_agent_is_cut_at_128_bytes() =>
        Assert.Equal(new string('a', 128), ManagerName.FromUserAgent(new string('a', 200) + "/1"));

    [Fact]
    public void The_fieldManager_parameter_wins_over_the_user_agent()
    {
        var context = Request("?fieldManager=mine", "kubectl-edit/v1.20");

        Assert.Equal("mine", ManagerName.From(context.Request, "UpdateOptions"));
    }

    [Fact]
    public void A_fieldManager_that_is_too_long_or_unprintable_is_invalid_naming_the_options()
    {
        var tooLong = Assert.Throws<ApiException>(() => ManagerName.From(Request("?fieldManager=" + new string('m', 129), "x").Request, "PatchOptions"));
        var unprintable = Assert.Throws<ApiException>(() => ManagerName.From(Request("?fieldManager=a%01b", "x").Request, "CreateOptions"));

        Assert.Equal((422, "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes"), (tooLong.Code, tooLong.Message));
        Assert.Equal(
            "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: \"a\\x01b\": invalid character U+0001 (at position 1)",
            unprintable.Message);
    }

    private static DefaultHttpContext Request(string query, string userAgent)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        context.Request.Headers.UserAgent = userAgent;
        return context;
    }
}
