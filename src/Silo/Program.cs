using Lyss.UserGrains.Silo;

await SiloApp.Build(args).RunAsync();
