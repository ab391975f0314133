using Shuangsuiji.Directories.Entities;

namespace Shuangsuiji.Domain.Tests.Entities;

public sealed class RiskClassesTests
{
    [Theory]
    [InlineData("A", "C", true)]   // two classes up
    [InlineData("A", "B", false)]
    [InlineData("C", "D", true)]   // into the highest
    [InlineData("B", "C", false)]
    [InlineData("D", "A", false)]  // falling never warns
    [InlineData(null, "D", true)]
    [InlineData(null, "C", false)]
    [InlineData("D", "D", false)]
    public void Sharp_rises_warn(string? from, string to, bool warns) => Assert.Equal(warns, RiskClasses.Default.Warns(from, to));

    [Fact]
    public void The_classes_are_configuration() =>
        Assert.True(new RiskClasses(["低", "中", "高"]).Warns("中", "高"));
}
