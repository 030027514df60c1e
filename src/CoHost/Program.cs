using Lyss.UserGrains.CoHost;

await CoHostApp.Build(args).RunAsync();
