import { english, type Localized } from './localized.js';

/** The channels an event can reach the log by (metadata `via`), each with a message of its own. */
const channels = new Set(['api', 'editor', 'cli', 'import', 'migrate']);

/**
 * Who appended an event, as its metadata records it: the editor's name (or the CLI's OS user, or
 * "seed"), and the channel, in the page's language. The name is data, shown as recorded (`byLang`
 * marks it as written in Latin letters, not in the page's language). Events appended before names
 * were recorded say so.
 */
export function appendedByView(metadata: Readonly<Record<string, unknown>>, l: Localized = english) {
  const by = typeof metadata.appendedBy === 'string' ? metadata.appendedBy : undefined;
  const channel = typeof metadata.via === 'string' ? metadata.via : undefined;
  const via = channel === undefined ? undefined : channels.has(channel) ? l.t(`common:via.${channel}`) : channel;
  return {
    by: by ?? l.t('common:appendedBy.notRecorded'),
    byLang: by !== undefined && l.lang !== 'en' ? 'en' : undefined,
    recorded: by !== undefined,
    via,
    viaLang: channel !== undefined && !channels.has(channel) && l.lang !== 'en' ? 'en' : undefined,
  };
}

export type AppendedByView = ReturnType<typeof appendedByView>;
