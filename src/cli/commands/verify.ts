import { InvalidArgumentError, type Command } from 'commander';
import { readModelFile, storeConnection } from '../../config.js';
import { openEventStore } from '../../store/open.js';
import { formatHead, parseHead, type LogHead } from '../../verify/log-chain.js';
import { describeProblem } from '../../verify/log.js';
import { verifyArchive, type VerifyReport } from '../../verify/verify.js';

type VerifyOptions = { readModel?: string; json?: boolean; expectHead?: LogHead };

function parseKeptHead(value: string): LogHead {
  const head = parseHead(value);
  if (!head) throw new InvalidArgumentError(`"${value}" is not a log head: write it <position>:<sha256 hex>, as verify prints it.`);
  return head;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('replay the whole log, recompute every hash and chain, and compare the stored read model with a rebuild')
    .option('--read-model <file>', 'the read model to check (default: QANTAR_READ_MODEL, else the one beside the log)')
    .option(
      '--expect-head <position:sha256>',
      'a log head kept from an earlier run: fail unless the log still holds exactly that history up to its position',
      parseKeptHead,
    )
    .option('--json', 'print the report as JSON')
    .action(async (o: VerifyOptions) => {
      const connection = storeConnection(program.opts().store);
      // Read-only: checking a log must never create, change or lock it.
      const store = await openEventStore(connection, { readonly: true });
      try {
        const report = await verifyArchive(store, {
          // Only the embedded store numbers its events 1, 2, 3…; EventStoreDB's positions are offsets.
          contiguous: connection.startsWith('sqlite:') || connection === 'memory:',
          readModelFile: o.readModel ?? readModelFile(connection),
          expectHead: o.expectHead,
        });
        if (o.json) console.log(JSON.stringify(report, (_, v) => (typeof v === 'bigint' ? String(v) : v), 2));
        else print(report);
        if (!report.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}

function print({ log, readModel }: VerifyReport): void {
  if (log.problem) {
    console.error(`FAILED: the log at ${describeProblem(log.problem)}`);
    console.error(`(${log.events} events before it checked out.)`);
    return;
  }
  const links = log.chain.stored ? 'stream chain link and log chain link' : 'stream chain link';
  console.log(`Log: ${log.events} events in ${log.streams} streams; every content hash, id, revision, ${links} checks out.`);
  if (!log.chain.stored) {
    console.log(`Log chain: ${log.chain.why}. The head below is recomputed from the log: only a head kept earlier can check it.`);
  }
  if (!log.chainHead) console.log('Log head: none (the log is empty).');
  else {
    console.log(`Log head: ${formatHead(log.chainHead)}`);
    console.log(
      `(Keep it outside the archive: \`qantar verify --expect-head ${formatHead(log.chainHead)}\` ` +
        `later fails unless the log still holds exactly this history up to position ${log.chainHead.position}.)`,
    );
  }
  if (log.expectedHead) {
    console.log(`Log matches the kept head ${formatHead(log.expectedHead)}: nothing up to position ${log.expectedHead.position} changed.`);
  }
  if (!readModel) return;
  if (readModel.skipped) return console.log(`Read model: not compared, ${readModel.skipped}.`);
  if (readModel.problem) {
    const table = readModel.problem.table ? `table ${readModel.problem.table}` : readModel.file;
    return console.error(`FAILED: read model ${table}: ${readModel.problem.reason}`);
  }
  console.log(
    `Read model ${readModel.file}: ${readModel.tables} tables equal a rebuild from the log up to position ${readModel.checkpoint ?? 0}.`,
  );
}
