#!/usr/bin/env node
// The `medkd` command line: the whole engine without VS Code. Each command lives in cli/<name>.ts.
// Any error ends with one clear line on stderr and a non-zero exit code.
import { cliCommands } from './cli/commands';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`medkd: unknown command '${name}' (try: medkd --help)\n`);
    return 2;
  }
  return command.run(args);
}

function usage(): string {
  const lines = cliCommands.map((c) => `  medkd ${c.usage.padEnd(58)} ${c.summary}`);
  return `MedKD engine: knowledge distillation for 3D medical image segmentation\n\n${lines.join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`medkd: ${message.split('\n')[0]}\n`);
    if (process.env['MEDKD_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
