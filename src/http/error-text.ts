/**
 * The error page in the reader's language. Errors are raised in English, for the API, the logs and
 * the CLI; the messages a reader of the pages can meet (a bad `?lang=`, `date`, `at`, `known`, a
 * page past the end, a missing statement) are recognised here, one pattern per message, and said
 * again through the messages of the `common:errorCode` group. The field's name is kept as it is
 * written in the address. A message not known here is shown as raised, marked as English.
 */
import type { FieldIssue } from '../../events/validate.js';
import type { Translate } from '../i18n/messages.js';

type Known = readonly [pattern: RegExp, key: string, values?: (match: RegExpExecArray) => Record<string, string>];

const knownMessages: readonly Known[] = [
  [/^Invalid input$/, 'invalidInput'],
  [/^lang must be one of en, ru, kk$/, 'langMessage'],
  [/^The archive has no statement “(.+)” at position (\d+)\.$/, 'noStatementAt', (m) => ({ id: m[1]!, position: m[2]! })],
  [/^The archive has no statement “(.+)”\.$/, 'noStatement', (m) => ({ id: m[1]! })],
  [/^The archive has no metric “(.+)”\.$/, 'noMetric', (m) => ({ id: m[1]! })],
  [/^Something went wrong on our side\.$/, 'serverError'],
  [/^The archive’s event store is unavailable; try again shortly\.$/, 'storeUnavailable'],
];

const knownIssues: readonly Known[] = [
  [/^must be one of en, ru, kk$/, 'lang'],
  [/^must be a real day written YYYY-MM-DD$/, 'day'],
  [/^must be a real date written YYYY, YYYY-MM or YYYY-MM-DD$/, 'date'],
  [/^is required: a day written YYYY-MM-DD$/, 'dayRequired'],
  [/^must be a log position, a whole number such as 42$/, 'position'],
  [/^the archive’s log ends at position (\d+)$/, 'logEnds', (m) => ({ head: m[1]! })],
  [/^cannot be given with (\w+)$/, 'notBoth', (m) => ({ other: m[1]! })],
  [/^must be a whole number$/, 'wholeNumber'],
  [/^must be between (\d+) and (\d+)$/, 'between', (m) => ({ min: m[1]!, max: m[2]! })],
  [/^is too long$/, 'tooLong'],
  [/^must be a cursor from a link or answer of this archive, unchanged$/, 'cursor'],
];

/** A message in the reader's language, or undefined where it is not one the archive knows. */
function known(table: readonly Known[], message: string, t: Translate): string | undefined {
  for (const [pattern, key, values] of table) {
    const match = pattern.exec(message);
    if (match) return t(`common:errorCode.${key}`, values?.(match));
  }
  return undefined;
}

/** What the error page shows: the message and each field's issue, with `lang="en"` where one stays as raised. */
export function errorText(message: string, issues: readonly FieldIssue[] | undefined, t: Translate) {
  const said = known(knownMessages, message, t);
  return {
    message: said ?? message,
    messageLang: said === undefined ? 'en' : undefined,
    issues: (issues ?? []).map((issue) => {
      const text = known(knownIssues, issue.message, t);
      return { path: issue.path, message: text ?? issue.message, messageLang: text === undefined ? 'en' : undefined };
    }),
  };
}
