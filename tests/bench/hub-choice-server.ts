import { Layer, ManagedRuntime } from "effect";
import { bootstrapAuth } from "../../server/application/usecases/manage-tokens.ts";
import { loadConfig } from "../../server/config.ts";
import { buildApp } from "../../server/http/app.ts";
import type { AppRuntime } from "../../server/http/app-runtime.ts";
import { dataDirPaths, prepareDataDir, readSecretFile, writeSecretFile } from "../../server/infrastructure/data-dir.ts";
import { EmbeddedLayer } from "../../server/infrastructure/layers/app-layer.ts";
import { SeedHubBroadcasterLive } from "./seed-hub-broadcaster.ts";

/**
 * A bench-only server entry: the product's layers and HTTP app, with the broadcaster chosen by
 * `--hub topic|seed` (topic = the product's per-run PubSubs, seed = the seed's one global hub).
 * Bundled like `npm start` (tests/bench/bench-build.ts) so both variants are measured alike.
 */
const hubFlag = process.argv.indexOf("--hub");
const hub = hubFlag === -1 ? "topic" : process.argv[hubFlag + 1];
const argv = process.argv.slice(2).filter((_, i, all) => all[i] !== "--hub" && all[i - 1] !== "--hub");
const config = loadConfig({ argv, env: {} });
const paths = dataDirPaths(config.dataDir);
prepareDataDir(paths);
const embedded = EmbeddedLayer({
  databaseFile: paths.database,
  synchronous: config.synchronous,
  adminTokenHash: undefined,
  requireReadToken: false,
  backupsDir: paths.backups,
  backupKeep: config.backupKeep,
  labPinFile: paths.labPin,
});
// Layer.merge: the right-hand layer's service wins, so only the broadcaster changes.
const layer = hub === "seed" ? Layer.merge(embedded, SeedHubBroadcasterLive) : embedded;
const runtime: AppRuntime = ManagedRuntime.make(layer);
const auth = await runtime.runPromise(
  bootstrapAuth({ existingAdminToken: readSecretFile(paths.adminToken), pin: undefined, adminOverride: false }),
);
if (auth.adminToken === undefined) throw new Error("no admin token");
if (auth.createdAdminToken) writeSecretFile(paths.adminToken, auth.adminToken);
const { app } = buildApp({ runtime, config, version: "bench", logger: false });
await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
const port = typeof address === "object" && address !== null ? address.port : config.port;
process.stdout.write(`bench server (${hub} hub) on http://127.0.0.1:${port}\n`);
process.once("SIGTERM", () => {
  void app
    .close()
    .then(() => runtime.dispose())
    .then(() => process.exit(0));
});
