using System.Security.Claims;
using LabPortal.Portal.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace LabPortal.Portal.Apis;

/// <summary>Log-out, who am I, personal API tokens, and (for admins) users.</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        // A form post: the [FromForm] parameter makes ASP.NET Core check the anti-forgery token.
        app.MapPost("/logout", async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LabAuthentication.LoginPath);
        });

        var api = app.MapGroup("/api").RequireAuthorization(LabAuthentication.PeoplePolicy);
        api.MapGet("/me", (ClaimsPrincipal user) => new
        {
            UserName = UserNames.NameOf(user),
            Role = user.FindFirstValue(ClaimTypes.Role),
        });

        api.MapGet("/tokens", (ClaimsPrincipal user, ApiTokenService tokens) =>
            tokens.ListFor(UserNames.NameOf(user)).Select(t => new { t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsed, t.RevokedAt }));

        api.MapPost("/tokens", (TokenRequest request, ClaimsPrincipal user, ApiTokenService tokens) =>
        {
            var (record, token) = tokens.Issue(UserNames.NameOf(user), request.Name ?? "");
            return Results.Created($"/api/tokens/{record.Id}", new { record.Id, record.Name, Token = token });
        });

        api.MapDelete("/tokens/{id:int}", (int id, ClaimsPrincipal user, ApiTokenService tokens) =>
            tokens.Revoke(id, UserNames.NameOf(user)) ? Results.NoContent() : Results.NotFound());

        api.MapPost("/me/password", (PasswordChange request, ClaimsPrincipal user, AccountService accounts) =>
            Answer(accounts.ChangePassword(UserNames.NameOf(user), request.CurrentPassword ?? "", request.NewPassword ?? "")));

        var admin = app.MapGroup("/api/users").RequireAuthorization(LabAuthentication.AdminPolicy);
        admin.MapGet("/", (AccountService accounts) =>
            accounts.List().Select(u => new { u.UserName, u.Role, u.Disabled, u.CreatedAt, u.LastLogin }));
        admin.MapDelete("/{name}", (string name, AccountService accounts) => Answer(accounts.Delete(name)));
        admin.MapPost("/{name}/disable", (string name, AccountService accounts) => Answer(accounts.SetDisabled(name, disabled: true)));
        admin.MapPost("/{name}/enable", (string name, AccountService accounts) => Answer(accounts.SetDisabled(name, disabled: false)));
        admin.MapPut("/{name}/password", (string name, PasswordReset request, AccountService accounts) =>
            Answer(accounts.SetPassword(name, request.Password ?? "")));
        admin.MapDelete("/{name}/tokens", (string name, AccountService accounts, ApiTokenService tokens) =>
            accounts.Find(name) is { } user ? Results.Ok(new { Revoked = tokens.RevokeAllFor(user.UserName) }) : Results.NotFound());

        admin.MapPost("/", (NewUserRequest request, AccountService accounts) =>
        {
            var result = accounts.CreateUser(request.UserName ?? "", request.Password ?? "", request.Role ?? UserRoles.Member);
            return result.Succeeded
                ? Results.Created($"/api/users/{request.UserName}", new { request.UserName, Role = request.Role ?? UserRoles.Member })
                : Results.Problem(result.Error, statusCode: StatusCodes.Status400BadRequest);
        });

        return app;
    }

    private static IResult Answer(AccountResult result) =>
        result.Succeeded ? Results.NoContent() : Results.Problem(result.Error, statusCode: StatusCodes.Status400BadRequest);

    public sealed record TokenRequest(string? Name);

    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

    public sealed record PasswordReset(string? Password);

    public sealed record NewUserRequest(string? UserName, string? Password, string? Role);
}
