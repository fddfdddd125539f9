import { Fragment, type ReactNode } from "react";

/**
 * Bidi isolation for what people typed (run names, titles, sections, labels, names, notes): a
 * right-to-left override (U+202E) or an Arabic or Hebrew name stays inside its own span and
 * cannot reorder the words around it. In elements: `<bdi>` (`unicode-bidi: isolate`). In plain
 * strings — tab titles, tooltips, `<option>`s, a composed line — the same with Unicode's
 * FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/** Message values as `<bdi>` elements, for `tn`: "{name} is on this" keeps "is on this" in order. */
export const isolated = (vars: Readonly<Record<string, string | number>>): Record<string, ReactNode> =>
  // biome-ignore lint/correctness/useJsxKeyInIterable: values of a record, placed one by one into a message, never rendered as a list
  Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, <bdi>{value}</bdi>]));

/** "Aiko, Ken, Mei +2": each name isolated, at most `max` of them. */
export const NameList = ({ names, max }: { readonly names: ReadonlyArray<string>; readonly max: number }) => (
  <>
    {names.slice(0, max).map((name, index) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: a name may appear twice; the list is replaced whole
      <Fragment key={index}>
        {index > 0 ? ", " : null}
        <bdi>{name}</bdi>
      </Fragment>
    ))}
    {names.length > max ? ` +${names.length - max}` : null}
  </>
);
