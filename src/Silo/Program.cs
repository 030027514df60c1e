using Lyss.UserGrains.Silo;
using Lyss.UserGrains.Silo.Hosting;

if (args.Length > 0 && args[0] == RebuildReadModelsCommand.Name)
{
    return await RebuildReadModelsCommand.RunAsync(args);
}

await SiloApp.Build(args).RunAsync();
return 0;
