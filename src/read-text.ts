// Text files people write by hand (a budget config, a baseline, a device profile): editors on
// Windows save UTF-8 with a byte-order mark, which is not part of the text.

/** The text without a leading UTF-8 byte-order mark. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
