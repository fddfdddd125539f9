import { splitName } from "./name-split.ts";

/**
 * A name on one line that gives way in its middle: the head ellipsized, the tail that tells
 * similar names apart always shown (`name-split.ts`). Reads as one text when it fits. Each part
 * is isolated (`<bdi>`) so a right-to-left name cannot reorder what is around it.
 */
export const MiddleEllipsis = ({ text }: { readonly text: string }) => {
  const { head, tail, spaced } = splitName(text);
  return (
    <span className="mid-ellipsis">
      <bdi className="mid-head">{head}</bdi>
      {tail === "" ? null : <bdi className={spaced ? "mid-tail is-spaced" : "mid-tail"}>{tail}</bdi>}
    </span>
  );
};
