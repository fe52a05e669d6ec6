using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Tests.Operations;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Foundation;

[Collection(ApiCollection.Name)]
public sealed class GeneratedCodeTests(AppFixture app)
{
    /// <summary>
    /// The host loads its handlers from Internal/Generated (static mode). Generating them again from
    /// the current code must give the same files, or a changed handler would run stale code.
    /// </summary>
    [Fact]
    public void The_committed_generated_code_is_what_the_current_code_generates()
    {
        var committed = Path.Combine(RunningApi.ProjectDirectory(), "Internal", "Generated");
        var fresh = Directory.CreateTempSubdirectory("tp-codegen-").FullName;
        var collections = app.Host.Services.GetServices<ICodeFileCollection>().ToArray();
        var paths = collections.Select(c => c.Rules.GeneratedCodeOutputPath).ToArray();
        try
        {
            foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = fresh;
            new DynamicCodeBuilder(app.Host.Services, collections) { ServiceVariableSource = app.Host.Services.GetService<IServiceVariableSource>() }
                .WriteGeneratedCode(_ => { });
        }
        finally
        {
            for (var i = 0; i < collections.Length; i++) collections[i].Rules.GeneratedCodeOutputPath = paths[i];
        }

        var expected = Files(fresh);
        var actual = Files(committed);
        var stale = expected.Keys.Union(actual.Keys)
            .Where(f => !expected.TryGetValue(f, out var e) || !actual.TryGetValue(f, out var a) || e != a)
            .Order().ToList();
        Assert.True(stale.Count == 0,
            $"Generated code is stale ({string.Join(", ", stale)}). Regenerate it: scripts/codegen.sh");
        Directory.Delete(fresh, recursive: true);
    }

    private static Dictionary<string, string> Files(string root) => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(root, f), f => File.ReadAllText(f).ReplaceLineEndings());
}
