/**
 * `krp`: the command-line face of the app's services, on the same code paths as the desktop app.
 *   npm run -s krp -- analyze FILE ...      connectivity engine
 *   npm run -s krp -- patients list ...     clinical record
 *   npm run -s krp -- model --cohort F ...  response estimate
 *   krp --help | krp VERB [ACTION] --help   usage on stdout (./cli-help.ts)
 * Each command lives in ./commands/<name>.ts and is loaded only when called.
 */
import { mainHelp, verbHelp, wantsHelp } from './cli-help';
import { processIo, type CliCommand, type CliIo } from './cli-io';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  analyze: { summary: 'analyze FILE: mPFC–precuneus connectivity of a 4D rs-fMRI NIfTI', load: async () => (await import('./commands/analyze')).analyzeCommand },
  phantom: { summary: 'phantom OUT: write an MNI-grid phantom BOLD with a planted connectivity', load: async () => (await import('./commands/phantom')).phantomCommand },
  patients: { summary: 'patients list: the clinical record', load: async () => (await import('./commands/record')).patientsCommand },
  export: { summary: 'export [--deidentified] OUT.csv: cohort export', load: async () => (await import('./commands/record')).exportCommand },
  backup: { summary: 'backup OUT_FOLDER: complete backup (database, images, manifest with SHA-256s and audit head)', load: async () => (await import('./commands/record')).backupCommand },
  restore: { summary: 'restore BACKUP_FOLDER: restore a backup after checking it completely', load: async () => (await import('./commands/record')).restoreCommand },
  audit: { summary: 'audit verify [--anchor MANIFEST|SEQ:HASH]: check the audit chain and every clinical row against it', load: async () => (await import('./commands/record')).auditCommand },
  scans: { summary: 'scans redact (ID | --all) --reason TEXT: remove original file paths and header text', load: async () => (await import('./commands/record')).scansCommand },
  users: { summary: 'users list|add|deactivate|reset-password: local user accounts (administrators)', load: async () => (await import('./commands/users')).usersCommand },
  model: { summary: 'model --cohort FILE.csv [--predict Z] --json: site-calibrated response model', load: async () => (await import('./commands/model')).modelCommand },
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.stdout(mainHelp());
    return 0;
  }
  if (name === 'help' && rest[0] !== undefined && COMMANDS[rest[0]]) {
    io.stdout(verbHelp(rest[0], rest.slice(1)) ?? mainHelp());
    return 0;
  }
  const entry = name === undefined ? undefined : COMMANDS[name];
  if (entry && wantsHelp(rest)) {
    io.stdout(verbHelp(name!, rest) ?? mainHelp());
    return 0;
  }
  if (!entry) {
    const usage = Object.values(COMMANDS).map((c) => `  krp ${c.summary}`).join('\n');
    io.stderr(`${name === undefined ? 'No command given.' : `Unknown command "${name}".`} Commands:\n${usage}\n(krp --help for every option)\n`);
    return 2;
  }
  return (await entry.load()).run(rest, io);
}

const invokedDirectly = process.argv[1] !== undefined && /krp\.(ts|js|cjs|mjs)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2), processIo).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`krp: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
