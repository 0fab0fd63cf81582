/**
 * A reader's words as an FTS5 MATCH expression in which every term is a quoted string: FTS5's
 * own syntax (OR, NOT, NEAR, column filters, parentheses, ^) can never come from the input, so
 * "NEAR(a b)" or "title:x" are looked for as words. What a reader may write: words (all must
 * match), "a phrase" in double quotes, and a trailing * (after a word or a phrase) for a prefix ("амнист*" finds
 * амнистия, амнистии, амнистировать).
 */
export function matchExpression(input: string): string | undefined {
  const terms: string[] = [];
  for (const [, phrase, star, word] of input.matchAll(/"([^"]*)"?(\*?)|([^\s"]+)/g)) {
    const raw = phrase ?? word ?? '';
    const prefix = Boolean(star) || /\*+$/.test(raw);
    const text = raw.replace(/\*+$/, '').trim();
    // A term with no letter or digit has no token to look for (FTS5 would match nothing or everything).
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    terms.push(`"${text.replaceAll('"', '""')}"${prefix ? '*' : ''}`);
  }
  return terms.length ? terms.join(' ') : undefined;
}
