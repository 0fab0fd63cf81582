/**
 * A small seeded PRNG (sfc32, seeded through splitmix32), so the synthetic archive is the
 * same on every machine and every run: no Math.random anywhere in the generator.
 */
export type Rng = Readonly<{
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: [[item, weight], …]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  chance(p: number): boolean;
}>;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator for a seed and any number of sub-keys: rng(seed, 'statement', 42) is its own stream. */
export function rng(seed: number, ...keys: (string | number)[]): Rng {
  let h = seed >>> 0;
  for (const key of keys) {
    const text = String(key);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h = splitmix32(h ^ 0x5bd1e995)();
  }
  const mix = splitmix32(h);
  let a = mix(), b = mix(), c = mix(), d = mix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const self: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(choices) {
      const total = choices.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of choices) if ((r -= w) < 0) return item;
      return choices[choices.length - 1]![0];
    },
    chance: (p) => next() < p,
  };
  return self;
}
