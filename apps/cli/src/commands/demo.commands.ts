import type { Command } from 'commander';
import { runDemo } from '../demo/demo.runner.js';

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description(
      'a complete demo exchange on this machine: embedded database, demo members, route server, API',
    )
    .option('--no-serve', 'set up the demo data and exit')
    .action(async (opts: { serve: boolean }) => {
      await runDemo({ serve: opts.serve });
    });
}
