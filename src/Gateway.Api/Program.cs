using Lyss.UserGrains.Gateway;
using Lyss.UserGrains.Gateway.Auth;

if (args.Length > 0 && args[0] == TokenCommand.Name)
{
    return TokenCommand.Run(args);
}

await GatewayApp.Build(args).RunAsync();
return 0;
