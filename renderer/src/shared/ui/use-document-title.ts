import { useEffect } from "react";
import { isolate } from "./bidi.tsx";

/** "Radio regression — medi-test": tabs and window lists say which page is which. */
export const useDocumentTitle = (title: string | null): void => {
  useEffect(() => {
    document.title = title === null || title === "" ? "medi-test" : `${isolate(title)} — medi-test`;
  }, [title]);
};
