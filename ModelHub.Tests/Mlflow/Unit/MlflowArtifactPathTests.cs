using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Mlflow;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Unit;

public sealed class MlflowArtifactPathTests : IDisposable
{
    private readonly TempFolder folder = new("artifacts");
    private readonly MlflowArtifactStore store;

    public MlflowArtifactPathTests()
    {
        var options = Options.Create(new ModelHubOptions { DataFolder = folder.Path });
        var data = new DataFolder(options, new FixedEnvironment(folder.Path));
        store = new MlflowArtifactStore(data, null!, options);
    }

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("1/run/artifacts/../../../modelhub.db")]
    [InlineData("../modelhub.db")]
    [InlineData("/etc/passwd")]
    [InlineData("1/run/artifacts/./x")]
    [InlineData("1/run/artifacts/a\\..\\..\\x")]
    [InlineData("1/run//artifacts/x")]
    [InlineData("1/run/artifacts/x.tmp")]
    [InlineData("1/run/artifacts/a\0b")]
    [InlineData("")]
    public void Paths_that_could_leave_the_artifact_folder_are_refused(string path)
    {
        var resolved = store.Resolve(path);

        Assert.False(resolved.Succeeded);
        Assert.Equal("validation", resolved.Error!.Code);
    }

    [Fact]
    public void A_run_path_resolves_inside_the_artifact_folder()
    {
        var resolved = store.Resolve("1/0123abcd/artifacts/model/MLmodel");

        Assert.Equal(Path.Combine(folder.Path, "mlflow-artifacts", "1", "0123abcd", "artifacts", "model", "MLmodel"), resolved.Value);
    }

    private sealed class FixedEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "ModelHub.Tests";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
