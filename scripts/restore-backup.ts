import { parseArgs } from "node:util";
import { RestoreError, restoreBackup } from "../server/infrastructure/restore-backup.ts";

/** `npm run restore -- <backup file> [--data-dir ./data]` — refused while a server uses the data dir. */
const main = async (): Promise<void> => {
  const { values, positionals } = parseArgs({
    options: { "data-dir": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1)
    throw new RestoreError("Usage: npm run restore -- <backup file> [--data-dir ./data]");
  const dataDir = values["data-dir"] ?? process.env.MEDI_TEST_DATA_DIR ?? "./data";
  const { keptAs } = await restoreBackup(dataDir, file);
  const undo =
    keptAs === undefined
      ? ""
      : ` The database it replaced is kept as ${keptAs} (undo: npm run restore -- ${keptAs} --data-dir ${dataDir}).`;
  process.stdout.write(`Restored ${file} into ${dataDir}.${undo}\nStart the server again: npm start\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`medi-test: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
