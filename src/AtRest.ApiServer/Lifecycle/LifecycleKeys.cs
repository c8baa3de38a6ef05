namespace AtRest.ApiServer.Lifecycle;

/// <summary>Where AtRest's key-lifecycle API and records live.</summary>
public static class LifecycleKeys
{
    /// <summary>The API group of AtRest's own endpoints and the store folder of its own records.</summary>
    public const string Group = "atrest.io";

    /// <summary>The path every key-lifecycle endpoint starts with.</summary>
    public const string ApiPath = "/apis/atrest.io/v1alpha1/encryption";

    /// <summary>The inventory (GET; <c>?history=false</c> skips old revisions).</summary>
    public const string InventoryPath = ApiPath + "/inventory";

    /// <summary>The lock-out check of a candidate configuration (POST the file).</summary>
    public const string CheckConfigPath = ApiPath + "/check-config";

    /// <summary>The encryption status (GET).</summary>
    public const string StatusPath = ApiPath + "/status";

    /// <summary>The re-encryption run: POST starts one (or answers the one running) with 202, GET answers it.</summary>
    public const string ReencryptPath = ApiPath + "/reencrypt";
}
