using System.Security.Claims;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Apis.Models;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Apis;

/// <summary>Datasets registered by name: list them, register one (files checked and fingerprinted under the data root).</summary>
public static class DatasetApi
{
    public static IEndpointRouteBuilder MapDatasetApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/datasets", (DatasetRegistry registry) => registry.List().Select(DatasetDto.From));

        app.MapGet("/api/datasets/{id:int}", (int id, DatasetStore datasets) =>
            datasets.Get(id) is { } dataset ? Results.Ok(DatasetDto.From(dataset)) : Results.NotFound());

        app.MapPost("/api/datasets", (DatasetRegistration registration, ClaimsPrincipal user, DatasetRegistry registry) =>
        {
            var result = registry.Register(registration, UserNames.NameOf(user));
            if (!result.Succeeded)
            {
                var fields = result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
                return Results.ValidationProblem(fields, title: "The dataset cannot be registered.");
            }

            return Results.Created($"/api/datasets/{result.Dataset!.Id}", DatasetDto.From(result.Dataset));
        }).RequireAuthorization(LabAuthentication.PeoplePolicy);

        return app;
    }
}
