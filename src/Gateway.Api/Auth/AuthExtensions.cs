using Lyss.UserGrains.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Lyss.UserGrains.Gateway.Auth;

public static class AuthExtensions
{
    /// <summary>The policy every <c>/api/v1</c> route requires unless it is explicitly anonymous.</summary>
    public const string CallerPolicy = "lyss-caller";

    /// <summary>JWT bearer validation (issuer, audience, lifetime, signing key) from <see cref="LyssAuthOptions"/>.</summary>
    public static WebApplicationBuilder AddLyssAuth(this WebApplicationBuilder builder)
    {
        // Validated now, not lazily: a gateway without a usable key must not start.
        var auth = builder.AddValidatedOptions<LyssAuthOptions>(LyssAuthOptions.SectionName);
        builder.Services.AddSingleton(sp => new TokenIssuer(sp.GetRequiredService<IOptions<LyssAuthOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<CallerResolver>();
        builder.Services.AddSingleton<Common.UserGrainReferences>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = auth.Issuer,
                ValidateAudience = true,
                ValidAudience = auth.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = auth.ClockSkew,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = TokenIssuer.KeyFrom(auth.SigningKey),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = ClaimNames.Subject,
            };
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(CallerPolicy, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimNames.Subject)
            .RequireAssertion(context => Caller.FromPrincipal(context.User) is not null));
        return builder;
    }

    /// <summary>The caller of a request that passed <see cref="CallerPolicy"/>.</summary>
    public static Caller GetCaller(this HttpContext context) =>
        context.Items[CallerMiddleware.ItemKey] as Caller
            ?? throw new InvalidOperationException("The route does not require the caller policy.");

    /// <summary>Throws 403 unless the caller holds <paramref name="permission"/>.</summary>
    public static void Demand(this Caller caller, string permission)
    {
        if (!caller.Has(permission))
        {
            throw new ForbiddenException(permission);
        }
    }
}
