/**
 * Splits a wall's ordered runs into pages when they do not fit on one. Runs with a new failure
 * are pinned: they head every page (up to half of it), so a failure never waits on a page that
 * is not showing. The other runs are spread evenly over the pages in their order.
 */
export const wallPages = <T>(
  ordered: ReadonlyArray<T>,
  capacity: number,
  isPinned: (entry: T) => boolean,
): ReadonlyArray<ReadonlyArray<T>> => {
  const perPage = Math.max(1, Math.floor(capacity));
  if (ordered.length <= perPage) return [ordered];
  const maxPinned = Math.floor(perPage / 2);
  const pinned: T[] = [];
  const rest: T[] = [];
  for (const entry of ordered) {
    if (pinned.length < maxPinned && isPinned(entry)) pinned.push(entry);
    else rest.push(entry);
  }
  const room = perPage - pinned.length;
  const pages = Math.ceil(rest.length / room);
  const each = Math.ceil(rest.length / pages);
  const result: T[][] = [];
  for (let page = 0; page < pages; page++) result.push([...pinned, ...rest.slice(page * each, (page + 1) * each)]);
  return result;
};
