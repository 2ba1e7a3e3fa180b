using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.Primitives;

namespace LabPortal.Portal.Tests.Services;

public sealed class HistoryQueryTests
{
    private static HistoryQuery? Parse(string query, out string error) =>
        HistoryQuery.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query), out error);

    [Fact]
    public void A_query_written_by_the_page_reads_back_to_the_same_filter_and_order()
    {
        var original = new HistoryQuery(
            new HistoryFilter
            {
                CreatedBy = "ana", Model = "tiny", Task = "mrpc", Method = "enhanced-lora", State = RunState.Failed, Tag = "a & b",
                CreatedFrom = new DateOnly(2026, 11, 1), CreatedTo = new DateOnly(2026, 11, 29), Search = "loss, spiked",
            },
            HistorySort.Model,
            Descending: false);

        var parsed = Parse(original.ToQueryString(), out var error);

        Assert.Equal("", error);
        Assert.Equal(original, parsed);
    }

    [Theory]
    [InlineData("?state=Bogus", "state: 'Bogus' is not a run state")]
    [InlineData("?state=7", "state: '7' is not a run state")]
    [InlineData("?method=qlora", "method: 'qlora' is not a method")]
    [InlineData("?task=imdb", "task: 'imdb' is not a task")]
    [InlineData("?from=29/11/2026", "from: '29/11/2026' is not a date")]
    [InlineData("?from=2026-11-29&to=2026-11-01", "from (2026-11-29) is after to (2026-11-01)")]
    [InlineData("?sort=loss", "sort: 'loss' is not a column")]
    [InlineData("?desc=maybe", "desc: 'maybe' is not true or false")]
    public void A_bad_parameter_is_named_in_the_error(string query, string message)
    {
        Assert.Null(Parse(query, out var error));
        Assert.StartsWith(message, error);
    }

    [Fact]
    public void No_parameters_mean_every_run_newest_first()
    {
        var parsed = Parse("", out _);

        Assert.Equal(new HistoryQuery(new HistoryFilter()), parsed);
        Assert.Equal("", parsed!.ToQueryString());
    }
}
