using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;
using ModelHub.Web.Realtime;

namespace ModelHub.Web.Hosting;

internal static class AuthenticationSetup
{
    /// <summary>The default scheme: bearer tokens when one is presented, the Identity cookie otherwise.</summary>
    public const string SmartScheme = "ModelHub";

    public static IServiceCollection AddModelHubAuthentication(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or access token", options =>
                options.ForwardDefaultSelector = context =>
                    BearerSecret.From(context.Request) is null || IsSimulatorPath(context.Request.Path) || IsMetricsPath(context.Request.Path)
                        ? IdentityConstants.ApplicationScheme
                        : AccessTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.Cookie.Name = "ModelHub.Auth";
            options.SlidingExpiration = true;
            // Machines calling the API get status codes, not a login page.
            options.Events.OnRedirectToLogin = context => LoginRedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            // A real 403 for everyone; people see it rendered by the status page (UseStatusCodePagesWithReExecute).
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddIdentityCore<ModelHubUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Lockout.MaxFailedAccessAttempts = 10;
                // "Confirmed" means "not disabled" here: see EnabledUserConfirmation.
                options.SignIn.RequireConfirmedAccount = true;
            })
            .AddRoles<IdentityRole>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddEntityFrameworkStores<ModelHubDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Disabled accounts fail the sign-in checks and the security stamp revalidation.
        services.AddScoped<IUserConfirmation<ModelHubUser>, EnabledUserConfirmation>();

        // Service accounts (the Application role) reach only the routes that name CanInvoke or CanResolve.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(Policies.SignedInPerson)
            .SetDefaultPolicy(Policies.SignedInPerson);
        services.Configure<AuthorizationOptions>(Policies.Register);

        // Cookies and antiforgery tokens must survive a restart: keep the key ring in the data folder.
        services.AddDataProtection().SetApplicationName("ModelHub");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataFolder, ILoggerFactory>((options, folder, loggers) =>
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder.Sub("keys")), loggers));
        // With a certificate configured the keys are encrypted at rest (see KeyRingCertificate); the start-up check warns without one.
        services.AddSingleton<KeyRingCertificate>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<KeyRingCertificate, ILoggerFactory>((options, keyRing, loggers) =>
            {
                if (keyRing.Certificate is { } certificate)
                {
                    options.XmlEncryptor = new KeyRingEncryptor(certificate, loggers);
                }
            });

        // Outside Development every cookie (sign-in, antiforgery) is Secure: ModelHub is served over HTTPS or behind a TLS proxy.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IWebHostEnvironment>((options, environment) => options.Cookie.SecurePolicy = SecurePolicy(environment));
        services.AddOptions<AntiforgeryOptions>()
            .Configure<IWebHostEnvironment>((options, environment) => options.Cookie.SecurePolicy = SecurePolicy(environment));

        // Hub connections authenticated by a token end when the token is revoked or expires.
        services.AddSingleton<HubTokenSessions>();
        // Through AddHubOptions: SignalR ignores a hub's own options unless they were added that way.
        services.AddSignalR().AddHubOptions<JobsHub>(options => options.AddFilter<HubTokenSessions>());
        services.AddHostedService<HubTokenSweep>();

        // Role changes and disabled accounts reach signed-in browsers within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddModelHubTransportSecurity();
        return services;
    }

    private static CookieSecurePolicy SecurePolicy(IWebHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    private static Task LoginRedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachinePath(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The simulator checks bearer keys itself (its own key, or an access token: see SimulatorAuthFilter).</summary>
    private static bool IsSimulatorPath(PathString path) => path.StartsWithSegments("/simulator");

    /// <summary>The scrape endpoint checks its own token (see MetricsScrape); it is not an access token to look up.</summary>
    private static bool IsMetricsPath(PathString path) => path.StartsWithSegments(Observability.MetricsScrape.Path);

    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/openapi")
        || path.StartsWithSegments("/v1");
}
