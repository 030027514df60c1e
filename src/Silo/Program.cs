using Lyss.UserGrains.Silo;
using Lyss.UserGrains.Silo.Hosting;

if (args.Length > 0 && args[0] == Lyss.UserGrains.Hosting.HealthProbe.Name)
{
    return await Lyss.UserGrains.Hosting.HealthProbe.RunAsync(args, "http://127.0.0.1:8080/health/ready");
}

if (args.Length > 0 && args[0] == RebuildReadModelsCommand.Name)
{
    return await RebuildReadModelsCommand.RunAsync(args);
}

await SiloApp.Build(args).RunAsync();
return 0;
