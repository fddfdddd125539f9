/** Sections are paths like `Radio/Handover`; spaces around the slashes and empty parts are dropped. */
export const normalizeSection = (section: string | undefined): string =>
  (section ?? "")
    .split("/")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join("/");
