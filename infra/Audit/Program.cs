using Shuangsuiji.Audit;

// verify [--checkpoint FILE|URL [--key FILE]] SERVICE[/SCHEMA]=CONNECTION_STRING ...: checks each store's hash chain, then
// the stores against a signed checkpoint; infra/dev.sh audit-verify names the six.
const string Usage = "usage: Shuangsuiji.Audit verify [--checkpoint FILE|URL [--key FILE]] SERVICE[/SCHEMA]=CONNECTION_STRING ... "
    + "(the schema defaults to the service's name)";
if (args is not ["verify", ..])
{
    Console.Error.WriteLine(Usage);
    return 2;
}
var (stores, checkpoint, key) = (new List<string>(), (string?)null, (string?)null);
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--checkpoint" when i + 1 < args.Length: checkpoint = args[++i]; break;
        case "--key" when i + 1 < args.Length: key = args[++i]; break;
        case var option when option.StartsWith("--", StringComparison.Ordinal):
            Console.Error.WriteLine($"audit-verify: {option} is not an option or lacks its value; {Usage}");
            return 2;
        default: stores.Add(args[i]); break;
    }
}
if (stores.Count == 0 || (key is not null && checkpoint is null))
{
    Console.Error.WriteLine(Usage);
    return 2;
}
return await VerifyCommand.RunAsync(stores, Console.Out, Console.Error, CancellationToken.None, checkpoint is null ? null : new CheckpointCheck(checkpoint, key));
