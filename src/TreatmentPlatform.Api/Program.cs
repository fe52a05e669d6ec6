using JasperFx;
using TreatmentPlatform.Care;
using TreatmentPlatform.Interop;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Privacy;

if (args is [TokenCommand.Name, ..]) return TokenCommand.Run(args, Console.Out, Console.Error);
if (args is [HealthProbe.Name, ..]) return await HealthProbe.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.Host.ApplyJasperFxExtensions();
// Handlers, endpoints and Marten storage are pre-generated into Internal/Generated (see README,
// "Generated code"): start-up compiles nothing, and a test fails when the files are stale.
builder.Services.CritterStackDefaults(x =>
{
    x.Development.GeneratedCodeMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
    x.Production.GeneratedCodeMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
    x.Production.SourceCodeWritingEnabled = false;
});

builder.AddPersistence();
builder.AddMessaging();
builder.AddAuth();
builder.Services.AddClinics();
builder.Services.AddPrivacy();
builder.Services.AddCare();
builder.Services.AddInterop();
builder.AddHttpApi();
builder.AddHardening();
builder.AddTelemetry();

var app = builder.Build();
app.UseHttpApi();

return await app.RunJasperFxCommands(args);

/// <summary>The host's entry point; public so tests can boot it with Alba.</summary>
public partial class Program;
