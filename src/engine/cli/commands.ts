// The table of `medkd` subcommands: one entry per file in this folder.
import type { CliCommand } from './cliCommand';
import { infoCommand } from './info';
import { evalCommand } from './eval';

export const cliCommands: CliCommand[] = [infoCommand, evalCommand];
