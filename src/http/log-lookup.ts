/** A page is still served from the read model when the log is slow or down: it then goes without what it looks up there. */
const lookupTimeoutMs = 1000;

/** What `read` gives within a second, or undefined when the log fails or takes longer. */
export async function lookUpInLog<T>(read: Promise<T>): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), lookupTimeoutMs)));
  try {
    return await Promise.race([read, timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    // A lookup that lost the race must not surface later as an unhandled rejection.
    read.catch(() => undefined);
  }
}
