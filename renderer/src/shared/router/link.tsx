import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { useRouter } from "./use-router.ts";

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> {
  readonly to: string;
}

/** An ordinary link (works with middle-click and "open in new tab", read token included) that navigates in place. */
export const Link = ({ to, onClick, ...rest }: LinkProps) => {
  const { navigate, href } = useRouter();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={href(to)} onClick={handle} {...rest} />;
};
