namespace Shuangsuiji.Contracts.Directories;

public sealed record InternalUnitInfo(string Code, string Name);
