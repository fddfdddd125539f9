import type { Page } from "playwright-core";

/*
 * Checks of how text is laid out, run in the page. They are strings because the tests are
 * type-checked without the DOM library; page.evaluate runs them outside the page's CSP.
 */

/**
 * Is `word`, in the first element matching `selector`, drawn left to right (its first letter left
 * of its last)? A right-to-left override leaking from a name before it would reverse it.
 * Null when the word is not there.
 */
export const readsLeftToRight = (page: Page, selector: string, word: string): Promise<boolean | null> =>
  page.evaluate<boolean | null>(`(() => {
    const root = document.querySelector(${JSON.stringify(selector)});
    if (root === null) return null;
    const word = ${JSON.stringify(word)};
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at === -1) continue;
      const left = (index) => {
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        return range.getBoundingClientRect().left;
      };
      return left(at) < left(at + word.length - 1);
    }
    return null;
  })()`);

/**
 * Every right-to-left override (U+202E) on the page that is not isolated from the text around
 * it: a text node whose element is not `unicode-bidi: isolate` (what <bdi> and dir= give) and
 * whose override is not inside U+2068…U+2069; the same for title attributes and the tab title.
 * Returns where each one is, so a failure says which element.
 */
export const unisolatedOverrides = (page: Page): Promise<string[]> =>
  page.evaluate<string[]>(`(() => {
    const found = [];
    const isolatedInText = (text, at) => text.lastIndexOf("\\u2068", at) !== -1 && text.indexOf("\\u2069", at) !== -1;
    const isolating = new Set(["isolate", "isolate-override", "plaintext"]);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const at = node.data.indexOf("\\u202e");
      if (at === -1) continue;
      const parent = node.parentElement;
      if (isolatedInText(node.data, at) || (parent !== null && isolating.has(getComputedStyle(parent).unicodeBidi))) continue;
      found.push("text in <" + (parent ? parent.tagName.toLowerCase() + " class=" + parent.className : "?") + ">");
    }
    for (const element of document.querySelectorAll("[title]")) {
      const title = element.getAttribute("title") ?? "";
      const at = title.indexOf("\\u202e");
      if (at !== -1 && !isolatedInText(title, at)) found.push("title attribute of <" + element.tagName.toLowerCase() + " class=" + element.className + ">");
    }
    const at = document.title.indexOf("\\u202e");
    if (at !== -1 && !isolatedInText(document.title, at)) found.push("the tab title");
    return found;
  })()`);
