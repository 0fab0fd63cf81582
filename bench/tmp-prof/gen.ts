import { cachedArchive } from '../archive-file.js';
const r = await cachedArchive({ seed: 20220104, events: 1_000_000, metrics: 1_000, years: 10 });
console.log(r);
