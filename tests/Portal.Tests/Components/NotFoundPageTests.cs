using Bunit;
using LabPortal.Portal.Components.Pages;
using LabPortal.Portal.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Components;

public sealed class NotFoundPageTests : PageTest
{
    [Fact]
    public void Following_a_stale_link_inside_the_app_names_the_missing_address_and_links_home()
    {
        // In the live circuit there is no re-executed request: the address is the browser's.
        Services.GetRequiredService<NavigationManager>().NavigateTo("/runs/old/link?x=1");

        var page = Render<NotFound>();

        Assert.Equal("No page at /runs/old/link?x=1", page.Find("[data-testid=not-found]").TextContent);
        Assert.Equal("/", page.Find("[data-testid=home-link]").GetAttribute("href"));
    }
}
