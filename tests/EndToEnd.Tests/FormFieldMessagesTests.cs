using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person types a bad number into the new-experiment form and reads what is wrong beside that field.</summary>
public sealed class FormFieldMessagesTests : PortalBrowserTest
{
    [Theory]
    [InlineData("#epochs", "0", "Epochs must be between 1 and 1000 (got 0).")]
    [InlineData("#learning-rate", "-1", "The learning rate must be greater than 0 and below 1 (got -1).")]
    [InlineData("#max-length", "4", "The maximum length must be between 8 and 512 tokens (got 4).")]
    public async Task A_bad_number_typed_and_left_shows_its_message_at_the_field_and_keeps_it_on_Launch(string field, string value, string message)
    {
        var page = Browser.Page;
        await Browser.OpenAsync(new Uri(Address, "/experiments/new"));

        await Browser.SetFieldAsync(field, value);
        var atTheField = FieldControl(page, field).Locator(".mud-input-helper-text");
        await Expect(atTheField).ToHaveTextAsync(message, new() { Timeout = 60_000 });

        await page.ClickAsync("[data-testid=launch]");
        await Expect(page.Locator("[data-testid=form-problems]")).ToContainTextAsync(message, new() { Timeout = 60_000 });
        await Expect(atTheField).ToHaveTextAsync(message);
        Assert.EndsWith("/experiments/new", page.Url);
    }

    /// <summary>The MudBlazor control around an input: label, input and the line under it.</summary>
    private static ILocator FieldControl(IPage page, string inputSelector) =>
        page.Locator(".mud-input-control").Filter(new() { Has = page.Locator(inputSelector) }).Last;
}
