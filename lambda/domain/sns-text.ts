/**
 * The longest Subject SNS takes: fewer than 100 characters of printable ASCII that begin with a
 * letter, number or punctuation mark (no line breaks, no control characters).
 */
export const SUBJECT_LIMIT = 99;

/**
 * Text as printable ASCII, so that SNS takes it in a Subject and an SMS stays in the 7-bit
 * alphabet: accents are dropped (ü becomes u), whitespace runs become one space, and any other
 * character outside printable ASCII becomes `?`.
 */
export function toPrintableAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/[^\x20-\x7e]/gu, '?');
}

/**
 * `head + middle + tail` in at most `limit` printable ASCII characters: when too long, the middle
 * (a camera id or location, whatever their length) is shortened with `...`, so that what the
 * head and tail say survives. Leading spaces are dropped: SNS refuses a Subject that starts so.
 */
export function fitText(head: string, middle: string, tail: string, limit: number): string {
  const [h, m, t] = [head, middle, tail].map(toPrintableAscii) as [string, string, string];
  const room = limit - h.length - t.length;
  const fitted = m.length <= room ? m : `${m.slice(0, Math.max(0, room - 3))}...`;
  return `${h}${fitted}${t}`.trimStart().slice(0, limit);
}
