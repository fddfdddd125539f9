import { Effect, Layer } from "effect";
import { rmSync } from "node:fs";
import { LabPinNote } from "../../../application/ports/lab-pin-note.ts";
import { writeSecretFile } from "../../data-dir.ts";

/** The PIN note as an owner-only file (`<data-dir>/lab-pin`). */
export const makeFileLabPinNote = (file: string) =>
  LabPinNote.of({
    write: (pin) => Effect.sync(() => writeSecretFile(file, pin)),
    remove: Effect.sync(() => rmSync(file, { force: true })),
  });

export const FileLabPinNoteLive = (file: string) => Layer.sync(LabPinNote, () => makeFileLabPinNote(file));
