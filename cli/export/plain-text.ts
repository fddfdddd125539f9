/**
 * Text that HTML and XML can hold as it is: C0 control characters other than tab, LF and CR, DEL,
 * the C1 controls, U+FFFE, U+FFFF and lone surrogates become U+FFFD (XML 1.0 forbids most of
 * them; in HTML they are parse errors). Everything else, emoji and right-to-left text included,
 * is kept.
 */
const isNonText = (code: number): boolean =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
  (code >= 0x7f && code <= 0x9f) ||
  code === 0xfffe ||
  code === 0xffff ||
  (code >= 0xd800 && code <= 0xdfff);

export const plainText = (text: string): string => {
  let out = "";
  // Iterating a string gives code points; a lone surrogate comes alone.
  for (const ch of text) out += isNonText(ch.codePointAt(0) ?? 0) ? "\ufffd" : ch;
  return out;
};
