import { isolate } from "./bidi.tsx";

/** Run labels as one line: "build 2.4.1 · bench A", each key and value bidi-isolated. */
export const labelsText = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([key, value]) => `${isolate(key)} ${isolate(value)}`)
    .join(" · ");
