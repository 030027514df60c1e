using Lyss.UserGrains.Gateway;
using Lyss.UserGrains.Gateway.Auth;

if (args.Length > 0 && args[0] == Lyss.UserGrains.Hosting.HealthProbe.Name)
{
    return await Lyss.UserGrains.Hosting.HealthProbe.RunAsync(args, "http://127.0.0.1:5080/health/ready");
}

if (args.Length > 0 && args[0] == TokenCommand.Name)
{
    return TokenCommand.Run(args);
}

await GatewayApp.Build(args).RunAsync();
return 0;
