// Namespaces nearly every feature slice uses.
global using Microsoft.AspNetCore.Authorization;
global using TreatmentPlatform.Platform;
global using TreatmentPlatform.Platform.Auth;
global using Wolverine.Http;
