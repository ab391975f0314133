using Shuangsuiji.Audit;

// verify SERVICE[/SCHEMA]=CONNECTION_STRING ...: checks each store's hash chain; infra/dev.sh audit-verify names the five.
if (args is not ["verify", _, ..])
{
    Console.Error.WriteLine("usage: Shuangsuiji.Audit verify SERVICE[/SCHEMA]=CONNECTION_STRING ... (the schema defaults to the service's name)");
    return 2;
}
return await VerifyCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
