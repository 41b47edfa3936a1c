/**
 * `krp --help`, `krp help [VERB]` and `krp VERB [SUB] --help` (or -h): usage on stdout, exit 0,
 * nothing opened or written. One entry per verb (and per sub-verb); every option a command
 * accepts is listed here (cli-help.test.ts checks this against the command sources and README).
 */

export interface HelpEntry {
  /** One line per form, without the leading "krp ". */
  usage: string[];
  summary: string;
  options: [flag: string, meaning: string][];
}

const RECORD_OPTIONS: HelpEntry['options'] = [
  ['--db FILE', 'the record database (default: $KRP_DATA_DIR/krp-record.sqlite, the file the app writes in its data folder)'],
  ['--user NAME', 'who signs in and signs every change (default: $KRP_USER); the password comes from $KRP_PASSWORD or the first line of standard input'],
  ['--json', 'machine-readable output'],
];

export const HELP: Record<string, HelpEntry> = {
  analyze: {
    usage: [
      'analyze PATH [--t1 PATH] [--series N] [--t1-series N | --no-t1] [--no-preprocess] [--no-slice-timing] [--nonlinear] [--registration-image OUT.png]',
      '    [--confounds FILE] [--tr S] [--mpfc X,Y,Z] [--precuneus X,Y,Z] [--radius MM]',
      '    [--mpfc-mask FILE] [--precuneus-mask FILE] [--band LOW,HIGH | --no-bandpass] [--scrub off|intermediate|conservative|fd]',
      '    [--drop N] [--wm-mask FILE --csf-mask FILE] [--assume-mni] [--seed-map OUT.nii.gz] [--mean-image OUT.nii.gz]',
      '    [--tsnr OUT.nii.gz] [--carpet OUT.png] [--json]',
    ],
    summary: 'mPFC–precuneus connectivity (Fisher z) as the app computes it. PATH is a Siemens DICOM folder (or .zip), a scanner-space 4D NIfTI (both preprocessed: realignment, slice timing, coregistration, normalization to MNI 2009c, resampling) or an MNI-space 4D NIfTI.',
    options: [
      ['--t1 PATH', 'T1-weighted structural (DICOM folder/series or NIfTI) for coregistration and normalization; without it the mean EPI is normalized to an EPI-contrast MNI reference'],
      ['--series N', 'the DICOM series number of the resting BOLD when the folder holds several'],
      ['--t1-series N', 'the DICOM series number of the T1 to use instead of the pre-selected one (in the --t1 folder when given, else in PATH)'],
      ['--no-t1', 'analyse without a T1 even when the folder holds one (the mean EPI is normalized to the EPI-contrast MNI reference)'],
      ['--no-preprocess', 'refuse input that is not already in MNI space instead of preprocessing it'],
      ['--no-slice-timing', 'skip slice-timing correction even when the sidecar has SliceTiming'],
      ['--nonlinear', 'with a T1: refine the affine normalization to MNI with a B-spline registration (about a minute more; recorded in the settings hash when applied)'],
      ['--registration-image OUT.png', 'write the registration check image (normalized mean EPI, MNI outlines, ROIs)'],
      ['--confounds FILE', 'motion/confounds: SPM rp_*.txt or fMRIPrep *_desc-confounds_timeseries.tsv'],
      ['--tr S', 'repetition time in seconds (overrides the header)'],
      ['--mpfc X,Y,Z', 'mPFC sphere centre in MNI mm'],
      ['--precuneus X,Y,Z', 'precuneus sphere centre in MNI mm'],
      ['--radius MM', 'sphere radius in mm'],
      ['--mpfc-mask FILE', 'mPFC region from a mask NIfTI instead of a sphere'],
      ['--precuneus-mask FILE', 'precuneus region from a mask NIfTI instead of a sphere'],
      ['--band LOW,HIGH', 'band-pass in Hz'],
      ['--no-bandpass', 'no band-pass filter'],
      ['--scrub off|intermediate|conservative|fd', 'motion scrubbing'],
      ['--drop N', 'discard the first N volumes'],
      ['--wm-mask FILE', 'white-matter mask for aCompCor-style regression (with --csf-mask)'],
      ['--csf-mask FILE', 'CSF mask (with --wm-mask)'],
      ['--assume-mni', 'treat the image as MNI-aligned even when its header does not say so'],
      ['--seed-map OUT.nii.gz', 'write the mPFC seed z map'],
      ['--mean-image OUT.nii.gz', 'write the mean BOLD image (after normalization when preprocessed)'],
      ['--tsnr OUT.nii.gz', 'write the tSNR image (mean / SD over time of the data as analysed)'],
      ['--carpet OUT.png', 'write the carpet plot (≤ 600 voxels × scans, z-scored, before above after denoising)'],
      ['--json', 'machine-readable output'],
    ],
  },
  phantom: {
    usage: ['phantom OUTDIR [--z Z] [--grid 2|3] [--volumes N] [--tr S] [--datatype float32|int16] [--gzip] [--seed N] [--json]'],
    summary: 'Write an MNI-grid phantom BOLD with a planted mPFC–precuneus z (bold.nii[.gz], rp_bold.txt, truth.json).',
    options: [
      ['--z Z', 'the planted Fisher z'],
      ['--grid 2|3', 'voxel size in mm'],
      ['--volumes N', 'number of volumes'],
      ['--tr S', 'repetition time in seconds'],
      ['--datatype float32|int16', 'NIfTI data type'],
      ['--gzip', 'write bold.nii.gz'],
      ['--seed N', 'random seed'],
      ['--json', 'machine-readable output'],
    ],
  },
  patients: {
    usage: ['patients list [--search S] [--limit N] [--offset N] [--deleted] [--db FILE] [--user NAME] [--json]'],
    summary: 'The clinical record, read from the database the app writes.',
    options: [],
  },
  'patients list': {
    usage: ['patients list [--search S] [--limit N] [--offset N] [--deleted] [--db FILE] [--user NAME] [--json]'],
    summary: 'List patients (newest first).',
    options: [
      ['--search S', 'display code, hospital ID or diagnosis contains S'],
      ['--limit N', 'at most N rows'],
      ['--offset N', 'skip the first N rows'],
      ['--deleted', 'include deleted patients'],
      ...RECORD_OPTIONS,
    ],
  },
  export: {
    usage: ['export [--deidentified] OUT.csv [--db FILE] [--user NAME] [--json]'],
    summary: 'Cohort export as CSV, UTF-8 with BOM (never overwrites an existing file); OUT.infusions.csv (every infusion) and OUT.codebook.csv beside it.',
    options: [['--deidentified', 'pseudonymized (仮名化): export-only codes, days from the scan instead of dates, no clinician names, hospital ID, diagnosis text or notes'], ...RECORD_OPTIONS],
  },
  backup: {
    usage: ['backup OUT_FOLDER [--db FILE] [--user NAME] [--json]'],
    summary: 'Complete backup into a new folder: the database, every analysis image and a manifest (SHA-256 of each file, audit head); prints the audit head to keep as an anchor.',
    options: RECORD_OPTIONS,
  },
  restore: {
    usage: ['restore BACKUP_FOLDER [--db FILE] [--user NAME] [--json]'],
    summary: 'Restore a backup (administrators only) after checking it completely (manifest, hashes, schema, triggers, CHECK rules, audit chain and data); the current record is kept as a safety copy.',
    options: RECORD_OPTIONS,
  },
  scans: {
    usage: ['scans redact (SCAN_ID | --all) --reason TEXT [--db FILE] [--user NAME] [--json]'],
    summary: 'Input-file identifiers kept outside the audit trail.',
    options: [],
  },
  'scans redact': {
    usage: ['scans redact (SCAN_ID | --all) --reason TEXT [--db FILE] [--user NAME] [--json]'],
    summary: "Remove scans' original file paths and NIfTI header text; each scan keeps its SHA-256 as its identity.",
    options: [['--all', 'every scan'], ['--reason TEXT', 'why (required; recorded in the audit trail)'], ...RECORD_OPTIONS],
  },
  audit: {
    usage: ['audit verify [--anchor MANIFEST|SEQ:HASH|HASH] [--db FILE] [--user NAME] [--json]', 'audit list [--limit N] [--db FILE] [--user NAME] [--json]'],
    summary: 'The hash-chained audit trail.',
    options: [],
  },
  'audit verify': {
    usage: ['audit verify [--anchor MANIFEST|SEQ:HASH|HASH] [--db FILE] [--user NAME] [--json]'],
    summary: 'Check every link of the audit trail and every clinical row against it (naming the table and row of any direct edit, insert or delete); exit 1 when anything is wrong.',
    options: [['--anchor MANIFEST|SEQ:HASH|HASH', "an audit head kept outside the database (a backup folder or its manifest.json, or the head itself): the trail must still hold it"], ...RECORD_OPTIONS],
  },
  'audit list': {
    usage: ['audit list [--limit N] [--db FILE] [--user NAME] [--json]'],
    summary: 'The newest audit entries.',
    options: [['--limit N', 'at most N entries (default 50)'], ...RECORD_OPTIONS],
  },
  users: {
    usage: [
      'users list [--db FILE] [--user NAME] [--json]',
      'users add NAME --role administrator|clinician [--display-name TEXT] [--db FILE] [--user NAME] [--json]',
      'users deactivate NAME --reason TEXT [--db FILE] [--user NAME] [--json]',
      'users reset-password NAME [--db FILE] [--user NAME] [--json]',
    ],
    summary: 'Local user accounts (administrators only). A new or reset password comes from $KRP_NEW_PASSWORD or the next line of standard input; the user must change it at first sign-in. On a record without users, "users add NAME --role administrator" creates the first administrator without --user.',
    options: [],
  },
  'users list': { usage: ['users list [--db FILE] [--user NAME] [--json]'], summary: 'Every user (active first) with role and status.', options: RECORD_OPTIONS },
  'users add': {
    usage: ['users add NAME --role administrator|clinician [--display-name TEXT] [--db FILE] [--user NAME] [--json]'],
    summary: 'Add a user with a temporary password ($KRP_NEW_PASSWORD or standard input, at least 8 characters).',
    options: [['--role administrator|clinician', 'the role (administrators manage users and restore backups)'], ['--display-name TEXT', 'the name shown on records (default: the user name)'], ...RECORD_OPTIONS],
  },
  'users deactivate': {
    usage: ['users deactivate NAME --reason TEXT [--db FILE] [--user NAME] [--json]'],
    summary: 'Deactivate a user (never deleted: their entries keep their name).',
    options: [['--reason TEXT', 'why (required; recorded in the audit trail)'], ...RECORD_OPTIONS],
  },
  'users reset-password': {
    usage: ['users reset-password NAME [--db FILE] [--user NAME] [--json]'],
    summary: 'Set a temporary password ($KRP_NEW_PASSWORD or standard input); the user must change it at the next sign-in.',
    options: RECORD_OPTIONS,
  },
  model: {
    usage: ['model --cohort FILE.csv [--metric roi-to-roi|seed-to-voxel-mean] [--predict Z] [--settings-hash H] [--json]'],
    summary: 'Site-calibrated response model from a cohort CSV (id, z, nrs_pre, nrs_post[, settings_hash][, seed_to_voxel_z]).',
    options: [
      ['--cohort FILE.csv', 'the cohort file (required)'],
      ['--metric roi-to-roi|seed-to-voxel-mean', "the connectivity number to regress on: ROI-to-ROI z (column z, default) or the study's seed-to-voxel mean z in the precuneus (column seed_to_voxel_z); the two are never mixed"],
      ['--predict Z', "estimate for a patient with this z (of the chosen metric)"],
      ['--settings-hash H', 'use only rows analysed with these settings'],
      ['--json', 'machine-readable output'],
    ],
  },
};

/** The verbs in the order `krp --help` lists them. */
export const VERBS = ['analyze', 'phantom', 'patients', 'export', 'backup', 'restore', 'audit', 'scans', 'users', 'model'] as const;

/** True when the arguments ask for help. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** `krp --help`: every verb with its usage. */
export function mainHelp(): string {
  const lines = ['krp — the Ketamine Response Predictor command line (same code paths as the app). Research use only.', '', 'usage:'];
  for (const verb of VERBS) for (const form of HELP[verb]!.usage) lines.push(form.startsWith(' ') ? `  ${form}` : `  krp ${form}`);
  lines.push('', '`krp VERB --help` explains a verb and each of its options.', 'Exit codes: 0 done, 1 refused or failed check (one line on stderr, nothing written), 2 usage error.');
  return `${lines.join('\n')}\n`;
}

/** Help for `verb` (and its sub-verb when `args` names one), or null for an unknown verb. */
export function verbHelp(verb: string, args: readonly string[] = []): string | null {
  const sub = args.find((a) => !a.startsWith('-'));
  const entry = (sub !== undefined ? HELP[`${verb} ${sub}`] : undefined) ?? HELP[verb];
  if (entry === undefined) return null;
  const lines = ['usage:', ...entry.usage.map((u) => (u.startsWith(' ') ? `  ${u}` : `  krp ${u}`)), '', entry.summary];
  if (entry.options.length > 0) {
    const width = Math.max(...entry.options.map(([flag]) => flag.length));
    lines.push('', 'options:', ...entry.options.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`));
  }
  const subs = Object.keys(HELP).filter((k) => k.startsWith(`${verb} `));
  if (entry === HELP[verb] && subs.length > 0) lines.push('', `actions: ${subs.map((s) => s.slice(verb.length + 1)).join(', ')} (krp ${verb} ACTION --help)`);
  return `${lines.join('\n')}\n`;
}
