namespace LabPortal.Portal.Accounts;

/// <summary>
/// Refuses API calls that change something when a browser says another site made them (<c>Sec-Fetch-Site</c>
/// <c>cross-site</c> or <c>same-site</c>) and they would ride on the session cookie. SameSite=Lax already keeps the
/// cookie off cross-site POSTs; this also covers a sibling subdomain, which Lax counts as the same site. Calls with a
/// bearer token (scripts, agents) carry no ambient credential and pass; so do clients that send no such header.
/// The header is checked rather than Origin against Host, so a proxy that rewrites Host changes nothing.
/// </summary>
public static class CrossSiteApiGuard
{
    public static IApplicationBuilder UseCrossSiteApiGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && ChangesSomething(request.Method) && !HasBearerToken(request)
            && request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(
                new { title = "Refused: another site's page sent this request with your session cookie (Sec-Fetch-Site). Use the portal's own pages or an API token." },
                context.RequestAborted);
            return;
        }

        await next(context);
    });

    private static bool ChangesSomething(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
