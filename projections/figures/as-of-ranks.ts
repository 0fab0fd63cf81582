import { figuresPerVersion, visibleTo, type IndexQuery } from './as-of-rule.js';

/**
 * One metric's figures as the as-of rule ranks them (as-of-rule.ts), oldest first, in typed
 * arrays: the newest visible figure as of a date is a binary search and a short backward scan.
 * The figures projection keeps each metric's ranks as one blob (as_of_ranks), rewritten when its
 * figures change, so a process opening the read model loads them instead of sorting every figure.
 */
export type Ranks = Readonly<{
  /** How many figures; the arrays are padded to whole blocks with entries that never match. */
  count: number;
  asOf: Int32Array;
  published: Int32Array;
  id: Float64Array;
  /** The position the figure's version was replaced at; Infinity while it is in force. */
  until: Float64Array;
  /** Each block's earliest publication day and id: a block published or recorded too late is skipped whole. */
  blockMinPublished: Int32Array;
  blockMinId: Float64Array;
}>;

/** Scan blocks of this many figures. */
const block = 16;
const never = 2 ** 31 - 1;

/** A metric's rows in rank order (asOfKey, publication day, id, until) as one blob: float64 arrays first, so every view is aligned. */
export function encodeRanks(rows: readonly (readonly [asOf: number, published: number, id: number, until: number | null])[]): Buffer {
  const padded = Math.ceil(rows.length / block) * block;
  const blocks = padded / block;
  const buffer = Buffer.alloc(8 + padded * 24 + blocks * 12);
  buffer.writeUInt32LE(rows.length, 0);
  const r = viewsOf(buffer);
  r.asOf.fill(never);
  r.published.fill(never);
  r.id.fill(Infinity);
  rows.forEach(([asOf, published, id, until], i) => {
    r.asOf[i] = asOf;
    r.published[i] = published;
    r.id[i] = id;
    r.until[i] = until ?? Infinity;
  });
  for (let b = 0; b < blocks; b++) {
    let minPublished = never;
    let minId = Infinity;
    for (let i = b * block; i < (b + 1) * block; i++) {
      if (r.published[i]! < minPublished) minPublished = r.published[i]!;
      if (r.id[i]! < minId) minId = r.id[i]!;
    }
    r.blockMinPublished[b] = minPublished;
    r.blockMinId[b] = minId;
  }
  return buffer;
}

/** The ranks a blob holds, as views over it (no copy, unless SQLite's buffer is not 8-byte aligned). */
export function decodeRanks(blob: Buffer): Ranks {
  const aligned = blob.byteOffset % 8 === 0 ? blob : Buffer.from(new Uint8Array(blob));
  return viewsOf(aligned);
}

function viewsOf(buffer: Buffer): Ranks {
  const count = buffer.readUInt32LE(0);
  const padded = Math.ceil(count / block) * block;
  const blocks = padded / block;
  const base = buffer.byteOffset + 8;
  const f64 = (offset: number, n: number) => new Float64Array(buffer.buffer, base + offset, n);
  const i32 = (offset: number, n: number) => new Int32Array(buffer.buffer, base + offset, n);
  return {
    count,
    id: f64(0, padded),
    until: f64(padded * 8, padded),
    blockMinId: f64(padded * 16, blocks),
    asOf: i32(padded * 16 + blocks * 8, padded),
    published: i32(padded * 20 + blocks * 8, padded),
    blockMinPublished: i32(padded * 24 + blocks * 8, blocks),
  };
}

/** The id of the newest figure visible under the query, by the as-of rule, or undefined. */
export function newestRanked(r: Ranks, q: IndexQuery): number | undefined {
  let lo = 0;
  let hi = r.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r.asOf[mid]! <= q.date) lo = mid + 1;
    else hi = mid;
  }
  const atId = Math.floor(q.at) * figuresPerVersion + figuresPerVersion - 1;
  let i = lo - 1;
  while (i >= 0) {
    // At the end of a whole block: skip it when nothing in it was published by `known` and recorded by `at`.
    if ((i + 1) % block === 0) {
      const b = (i + 1) / block - 1;
      if (r.blockMinPublished[b]! > q.known || r.blockMinId[b]! > atId) {
        i -= block;
        continue;
      }
    }
    if (visibleTo(r.published[i]!, r.id[i]!, r.until[i]!, q)) return r.id[i];
    i--;
  }
  return undefined;
}
