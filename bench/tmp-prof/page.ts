import { startServer, firstAnswer, stop } from '../benchmarks/server-process.js';
const f = '/work/wt/t15-bench/bench/.cache/archive-g1l4-seed20220104-20000e-200m-10y.db';
const s = await startServer(`sqlite:${f}`, f.replace(/\.db$/, '.read.db'), 'none');
await firstAnswer(s, '/healthz', 60000);
const html = await (await fetch(`${s.url}/?page=146`)).text();
console.log(html.match(/href="[^"]*(after|before)=[^"]*"/g));
console.log(html.match(/<a[^>]*>(Later|Earlier)[^<]*/g));
await stop(s.child);
