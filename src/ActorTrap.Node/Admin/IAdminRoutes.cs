using Microsoft.AspNetCore.Routing;

namespace ActorTrap.Node.Admin;

/// <summary>A group of admin endpoints an area contributes (metrics, feeds, ...); the token rule covers them all.</summary>
internal interface IAdminRoutes
{
    void Map(IEndpointRouteBuilder routes);
}
