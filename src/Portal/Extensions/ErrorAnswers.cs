using Microsoft.AspNetCore.Diagnostics;

namespace LabPortal.Portal.Extensions;

/// <summary>What an error answer without a body becomes: for people a page, for scripts problem JSON.</summary>
public static class ErrorAnswers
{
    /// <summary>
    /// A page address that matches nothing shows the portal's own not-found page (the 404 kept); an API error gets
    /// problem JSON; any other error keeps its status as it is (a challenge has already redirected to the login).
    /// </summary>
    public static void UseErrorAnswers(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            var notFoundPage = context.Features.Get<IStatusCodePagesFeature>();
            await next(context);
            if (notFoundPage is not null && (context.Response.StatusCode != StatusCodes.Status404NotFound || IsApi(context)))
            {
                notFoundPage.Enabled = false;
            }
        });
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
