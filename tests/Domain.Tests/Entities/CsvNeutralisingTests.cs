using Shuangsuiji.ServiceDefaults.Files;

namespace Shuangsuiji.Domain.Tests.Entities;

/// <summary>Exports never hand a spreadsheet a formula, and an export imported again gives back what it held.</summary>
public sealed class CsvNeutralisingTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"点此\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点此\"\")\"")]
    [InlineData("+86 335 1234567", "'+86 335 1234567")]
    [InlineData("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("+12", "+12")]
    [InlineData("秦皇岛海港贸易有限公司", "秦皇岛海港贸易有限公司")]
    [InlineData("a=b", "a=b")]
    public void A_value_a_spreadsheet_would_run_is_written_behind_an_apostrophe(string value, string written) =>
        Assert.Equal(written, Csv.Line([value]));

    [Theory]
    [InlineData("=1+1")]
    [InlineData("@x")]
    [InlineData("'plain")]
    [InlineData("-7")]
    [InlineData("'=already quoted by a person")]
    public void The_import_takes_off_what_the_export_added(string value)
    {
        var exported = Csv.Neutralised(value);
        Assert.Equal(value, Csv.Unneutralised(exported));
    }
}
