import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { describePostgresError } from '@ixora/database';
import { isIxoraError } from '@ixora/errors';
import { registerAgentCommands } from './commands/agent.commands.js';
import { registerAlertCommands } from './commands/alert.commands.js';
import { registerExchangeCommands } from './commands/exchange.commands.js';
import { registerConfigCommands } from './commands/config.commands.js';
import { registerCoreCommands } from './commands/core.commands.js';
import { registerDemoCommands } from './commands/demo.commands.js';
import { registerIxpCommands } from './commands/ixp.commands.js';
import { registerLanCommands } from './commands/lan.commands.js';
import { registerMemberCommands } from './commands/member.commands.js';
import { registerRsCommands } from './commands/rs.commands.js';
import { registerSessionCommands } from './commands/session.commands.js';
import { registerUserCommands } from './commands/user.commands.js';
import { registerPolicyCommands } from './commands/policy.commands.js';
import { registerInterfaceCommands } from './commands/interface.commands.js';
import { registerPortCommands } from './commands/port.commands.js';
import { registerSwitchCommands } from './commands/switch.commands.js';
import { registerRequestCommands } from './commands/request.commands.js';
import { registerIrrCommands } from './commands/irr.commands.js';
import { registerMailCommands } from './commands/mail.commands.js';
import { registerRpkiCommands } from './commands/rpki.commands.js';
import { registerPeeringDbCommands } from './commands/peeringdb.commands.js';
import { registerServeCommands } from './commands/serve.commands.js';
import { IXORA_VERSION } from './version.js';

/** `ixora`: the command line. Exit 0 on success, non-zero with a one-line reason on failure. */
export function buildProgram(): Command {
  const program = new Command('ixora')
    .description('route-server and peering platform for Internet exchange points')
    .version(IXORA_VERSION)
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) })
    // Throw instead of exiting (inherited by every command added below), so runCli decides the code.
    .exitOverride();
  registerCoreCommands(program);
  registerIxpCommands(program);
  registerLanCommands(program);
  registerRsCommands(program);
  registerMemberCommands(program);
  registerSessionCommands(program);
  registerSwitchCommands(program);
  registerPortCommands(program);
  registerInterfaceCommands(program);
  registerUserCommands(program);
  registerPeeringDbCommands(program);
  registerConfigCommands(program);
  registerPolicyCommands(program);
  registerRequestCommands(program);
  registerRpkiCommands(program);
  registerIrrCommands(program);
  registerMailCommands(program);
  registerServeCommands(program);
  registerDemoCommands(program);
  registerAgentCommands(program);
  registerAlertCommands(program);
  registerExchangeCommands(program);
  return program;
}

export function describeFailure(error: unknown): string {
  if (isIxoraError(error)) return error.message;
  const pg = describePostgresError(error);
  if (pg) return pg.message;
  if (error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED') {
    return `cannot reach the database: ${error.message} (check DATABASE_URL)`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs one command line; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`ixora: ${describeFailure(error).split('\n')[0]}\n`);
    return 1;
  }
}
