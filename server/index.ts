/**
 * The server's public entry: everything the desktop app (main/) uses of it, and nothing else may
 * be imported from outside server/ (the architecture test holds main/ to this file).
 */
export { type Config, defaultConfig } from "./config.ts";
export { contentSecurityPolicy } from "./http/app.ts";
export { readSecretFile } from "./infrastructure/data-dir.ts";
export { type LabServer, type StartOptions, startLabServer } from "./start-server.ts";
