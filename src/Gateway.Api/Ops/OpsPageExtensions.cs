using Microsoft.Extensions.FileProviders;

namespace Lyss.UserGrains.Gateway.Ops;

public static class OpsPageExtensions
{
    /// <summary>Where the page's files sit beside the binaries (the build copies <c>Ops/site</c> there).</summary>
    public static readonly string SiteDirectory = Path.Combine(AppContext.BaseDirectory, "ops");

    /// <summary>
    /// The operator page at <c>/ops</c>: static files anyone may load (they hold no data); every figure
    /// comes from the admin API with the token pasted into the page. Its own scripts and styles only.
    /// </summary>
    public static WebApplication UseLyssOpsPage(this WebApplication app)
    {
        if (!Directory.Exists(SiteDirectory))
        {
            return app;
        }

        var files = new PhysicalFileProvider(SiteDirectory);
        // Not an endpoint: static files are served only to requests that matched none, and a route for
        // "/ops" matches "/ops/" as well.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == "/ops")
            {
                context.Response.Redirect("/ops/");
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "/ops" });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "/ops",
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
