using System.Security.Claims;
using Bunit;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;

namespace LabPortal.Portal.Tests.Components;

public sealed class RunNotesEditorTests : PageTest
{
    [Fact]
    public void Saved_notes_record_the_signed_in_person()
    {
        var runId = Lab.QueueRun();
        var signedIn = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ana")], "test"));
        var editor = Render<RunNotesEditor>(p => p
            .Add(x => x.Run, Lab.Runs.Get(runId)!)
            .AddCascadingValue(Task.FromResult(new AuthenticationState(signedIn))));

        editor.Find("[data-testid=notes] textarea").Input("Seed 3 looks like an outlier.");
        editor.Find("[data-testid=save-notes]").Click();

        editor.WaitForAssertion(() => Assert.Equal("ana", Lab.Runs.Get(runId)!.NotesEditedBy));
        Assert.Equal("Seed 3 looks like an outlier.", Lab.Runs.Get(runId)!.Notes);
        Assert.Contains("Edited by ana on 2026-11-29 09:00 UTC", editor.Find("[data-testid=notes-edited]").TextContent);
    }
}
