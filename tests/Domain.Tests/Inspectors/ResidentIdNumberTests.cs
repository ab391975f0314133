using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests.Inspectors;

public sealed class ResidentIdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X")] // the example of GB 11643-1999
    [InlineData("440524188001010014")]
    public void Valid_numbers_pass(string number) => Assert.Null(ResidentIdNumber.Problem(number));

    [Theory]
    [InlineData("110105194912310021", "GB 11643 check")]
    [InlineData("11010519491231002", "17 characters")]
    [InlineData("1101051949123100AX", "non-digit at position 17")]
    [InlineData("110105194913310028", "birth date")]
    public void Bad_numbers_say_why_without_repeating_the_number(string number, string reason)
    {
        var problem = ResidentIdNumber.Problem(number);
        Assert.Contains(reason, problem);
        Assert.DoesNotContain(number[..10], problem);
    }

    [Fact]
    public void A_body_is_completed_with_its_check_character() =>
        Assert.Equal("11010519491231002X", ResidentIdNumber.WithCheck("11010519491231002"));
}
