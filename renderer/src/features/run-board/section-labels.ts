/**
 * Short labels for a run's sections on the heat map. Sections named after test classes or paths
 * ("com.lab.radio.HandoverTest", "radio/handover") often share a long prefix; cut to a heading's
 * width they would all read "com.lab.radio.…". The prefix every section shares, up to a
 * separator, is dropped from the labels (the full name stays in the tooltip and for screen
 * readers), so what tells them apart is what shows.
 */

const separators = new Set([".", "/", "\\", ":", " ", "-", "_", "›", ">"]);

/** The longest prefix of every name that ends with a separator and leaves something of each. */
export const sharedPrefix = (names: ReadonlyArray<string>): string => {
  const [first, ...rest] = names;
  if (first === undefined || rest.length === 0) return "";
  let length = first.length;
  for (const name of rest) {
    let i = 0;
    while (i < length && i < name.length && name[i] === first[i]) i += 1;
    length = i;
  }
  // Back to the last separator inside the common part, and never the whole of a name.
  const shortest = Math.min(...names.map((name) => name.length));
  let cut = Math.min(length, shortest - 1);
  while (cut > 0 && !separators.has(first[cut - 1] ?? "")) cut -= 1;
  return first.slice(0, cut);
};

/** Each section's label: its name without the prefix all sections share. */
export const sectionLabels = (names: ReadonlyArray<string>): ReadonlyArray<string> => {
  const prefix = sharedPrefix(names);
  return names.map((name) => name.slice(prefix.length));
};
