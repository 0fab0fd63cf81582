/** Latency summary of a list of durations in milliseconds. */
export function summarise(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return { count: sorted.length, mean: round(mean), p50: round(at(0.5)), p99: round(at(0.99)), max: round(at(1)) };
}

export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export const now = () => performance.now();

export function time<T>(work: () => T): { ms: number; value: T } {
  const started = now();
  const value = work();
  return { ms: now() - started, value };
}

export async function timeAsync<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = now();
  const value = await work();
  return { ms: now() - started, value };
}

export const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
