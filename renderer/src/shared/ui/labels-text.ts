/** Run labels as one line: "build 2.4.1 · bench A". */
export const labelsText = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([key, value]) => `${key} ${value}`)
    .join(" · ");
