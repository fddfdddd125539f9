import { parseArgs } from "node:util";
import { RestoreError, restoreBackup } from "../server/infrastructure/restore-backup.ts";

/** `npm run restore -- <backup file> [--data-dir ./data]` — with the server stopped. */
try {
  const { values, positionals } = parseArgs({ options: { "data-dir": { type: "string" } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new RestoreError("Usage: npm run restore -- <backup file> [--data-dir ./data]");
  const dataDir = values["data-dir"] ?? process.env.MEDI_TEST_DATA_DIR ?? "./data";
  const { keptAs } = restoreBackup(dataDir, file);
  process.stdout.write(`Restored ${file} into ${dataDir}.${keptAs === undefined ? "" : ` The previous database is kept as ${keptAs}.`}\nStart the server again: npm start\n`);
} catch (error) {
  process.stderr.write(`medi-test: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
