using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Entities;

public sealed class SocialCreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example of GB 32100-2015
    [InlineData("91110000802100433B")]
    public void Valid_codes_pass(string code) => Assert.Null(SocialCreditCode.Problem(code));

    [Theory]
    [InlineData("91350100M000100Y44", "should be 3")]
    [InlineData("91350100M000100Y4", "17 characters")]
    [InlineData("91350100M0001O0Y43", "'O' at position 14")]
    [InlineData("", "required")]
    public void Bad_codes_say_why(string code, string reason) => Assert.Contains(reason, SocialCreditCode.Problem(code));

    [Fact]
    public void A_body_is_completed_with_its_check_character() =>
        Assert.Equal("91350100M000100Y43", SocialCreditCode.WithCheck("91350100M000100Y4"));
}
