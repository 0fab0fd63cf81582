/** How an event reached the log, in a reader's words (metadata `via`). */
const channels: Readonly<Record<string, string>> = {
  api: 'API',
  editor: 'editor form',
  cli: 'command line',
  import: 'import',
  migrate: 'migration',
};

/**
 * Who appended an event, as its metadata records it: the editor's name (or the CLI's OS user, or
 * "seed"), and the channel. Events appended before names were recorded say so.
 */
export function appendedByView(metadata: Readonly<Record<string, unknown>>) {
  const by = typeof metadata.appendedBy === 'string' ? metadata.appendedBy : undefined;
  const via = typeof metadata.via === 'string' ? (channels[metadata.via] ?? metadata.via) : undefined;
  return { by: by ?? 'not recorded', recorded: by !== undefined, via };
}

export type AppendedByView = ReturnType<typeof appendedByView>;
