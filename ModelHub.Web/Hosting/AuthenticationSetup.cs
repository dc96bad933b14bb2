using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

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
                    BearerSecret.From(context.Request) is null || IsSimulatorPath(context.Request.Path)
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
            .AddEntityFrameworkStores<ModelHubDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Disabled accounts fail the sign-in checks and the security stamp revalidation.
        services.AddScoped<IUserConfirmation<ModelHubUser>, EnabledUserConfirmation>();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.Configure<AuthorizationOptions>(Policies.Register);

        // Cookies and antiforgery tokens must survive a restart: keep the key ring in the data folder.
        services.AddDataProtection().SetApplicationName("ModelHub");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataFolder, ILoggerFactory>((options, folder, loggers) =>
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder.Sub("keys")), loggers));

        // Role changes and disabled accounts reach signed-in browsers within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        return services;
    }

    private static Task LoginRedirectOrStatus(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
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

    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/openapi");
}
