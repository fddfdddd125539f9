import type { FastifyInstance } from "fastify";
import { openApiDocument, type RouteDoc } from "../openapi.ts";

export const openApiRouteDoc: RouteDoc = {
  method: "GET",
  url: "/api/openapi.json",
  summary: "This OpenAPI 3.1 document, generated from the schemas that decode every request",
  tag: "meta",
  role: "viewer",
};

/** Serves the document of `routes`, and of this route itself, built once at start. */
export const registerOpenApiRoute = (app: FastifyInstance, routes: ReadonlyArray<RouteDoc>, version: string): void => {
  const document = openApiDocument([...routes, openApiRouteDoc], version);
  app.get(openApiRouteDoc.url, async (_request, reply) => reply.send(document));
};
