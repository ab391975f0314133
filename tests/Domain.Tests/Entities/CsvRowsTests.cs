using Shuangsuiji.Directories.Imports;

namespace Shuangsuiji.Domain.Tests.Entities;

public sealed class CsvRowsTests
{
    private static async Task<List<SourceRow>> Read(string csv, int maxLineLength = 1_000)
    {
        var rows = new List<SourceRow>();
        await foreach (var row in CsvRows.ReadAsync(new StringReader(csv), maxLineLength, CancellationToken.None)) rows.Add(row);
        return rows;
    }

    [Fact]
    public async Task A_line_over_the_limit_is_rejected_by_its_number_and_the_lines_after_it_are_read()
    {
        var rows = await Read($"a,b\r\nok,1\r\n\"open,x\r\n{new string('x', 50)},2\r\nok,3\r\nfits,{new string('z', 15)}\r\n", maxLineLength: 20);
        Assert.Equal([1, 2, 3, 4, 5, 6], rows.Select(r => r.Line));
        // A quote left open does not run on into the long line: the quoted line is malformed alone.
        Assert.Equal("unterminated quoted field", rows[2].Problem);
        Assert.Equal("line longer than 20 characters", rows[3].Problem);
        Assert.Empty(rows[3].Values);
        Assert.Equal(new string?[] { "ok", "3" }, rows[4].Values);
        Assert.Equal(new string?[] { "fits", new string('z', 15) }, rows[5].Values);
    }

    [Fact]
    public async Task An_endless_line_is_read_through_without_being_kept()
    {
        var rows = await Read("a,b\n" + new string('x', 3_000_000), maxLineLength: 100);
        Assert.Equal((2, "line longer than 100 characters"), (rows[1].Line, rows[1].Problem));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var rows = await Read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,1,2\n");
        Assert.Equal([1, 2, 4], rows.Select(r => r.Line));
        Assert.Equal(new string?[] { "x, y", "say \"hi\"", "two\nlines" }, rows[1].Values);
        Assert.All(rows, r => Assert.Null(r.Problem));
    }

    [Fact]
    public async Task A_stray_quote_is_reported_on_its_line()
    {
        var rows = await Read("a,b\nok,1\nbro\"ken,2\nok,3\n");
        Assert.Equal("a quote inside unquoted field 1", rows[2].Problem);
        Assert.Equal(3, rows[2].Line);
        Assert.Null(rows[3].Problem);
    }

    [Fact]
    public async Task An_unterminated_quote_does_not_swallow_the_rows_after_it()
    {
        var lines = new[] { "a,b", "\"broken,1" }.Concat(Enumerable.Range(1, 30).Select(i => $"good{i},{i}"));
        var rows = await Read(string.Join("\n", lines));
        Assert.Equal("unterminated quoted field", rows[1].Problem);
        Assert.Equal(2, rows[1].Line);
        Assert.Equal(30, rows.Count(r => r.Problem is null && r.Values[0]!.StartsWith("good")));
        Assert.Equal(32, rows[^1].Line);
    }

    [Fact]
    public async Task Blank_lines_are_skipped_but_counted() =>
        Assert.Equal([1, 3], (await Read("a,b\n\nx,y\n")).Select(r => r.Line));

    [Fact]
    public async Task An_unterminated_quote_does_not_pair_with_a_quote_of_a_later_row()
    {
        var rows = await Read("a,b,c\n\"broken,1,2\nok,\"x, y\",3\n");
        Assert.Equal([(2, "unterminated quoted field"), (3, null)], rows.Skip(1).Select(r => (r.Line, r.Problem)));
        Assert.Equal(new string?[] { "ok", "x, y", "3" }, rows[2].Values);
    }
}
