import { Command } from 'commander';
import { ValidationError } from '../../events/validate.js';
import { DomainError } from '../domain/errors.js';
import { StoreError } from '../store/errors.js';
import { registerChecksCommands } from './commands/checks.js';
import { registerLogCommands } from './commands/log.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerReadCommands } from './commands/read.js';
import { registerVerifyCommand } from './commands/verify.js';
import { registerWriteCommands } from './commands/write.js';

const program = new Command('qantar')
  .description('Qantar: the archive of official statements about the January 2022 events in Kazakhstan')
  .option('--store <connection>', 'sqlite:<path>, memory: or esdb://… (default: QANTAR_STORE, else sqlite:data/qantar.db)')
  .showHelpAfterError();

registerWriteCommands(program);
registerReadCommands(program);
registerMigrateCommand(program);
registerVerifyCommand(program);
registerChecksCommands(program);
registerLogCommands(program);

try {
  await program.parseAsync();
} catch (error) {
  process.exitCode = 1;
  if (error instanceof ValidationError) {
    console.error(`Invalid input in ${error.where || 'the input'}:`);
    for (const issue of error.issues) console.error(`  ${issue.path || '(root)'}: ${issue.message}`);
    console.error('Nothing was appended.');
  } else if (error instanceof DomainError) {
    console.error(`Refused (${error.code}) in ${error.where || 'the input'} at ${error.path}: ${error.message}`);
    console.error('Nothing was appended.');
  } else if (error instanceof StoreError) {
    console.error(error.message);
  } else {
    throw error;
  }
}
