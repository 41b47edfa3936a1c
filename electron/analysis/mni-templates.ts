/**
 * Where the bundled MNI ICBM 2009c templates live (resources/mni/, shipped with their notice), in
 * every runtime: the packaged app (Electron's resources folder), the built bundles in dist/, the
 * CLI and the tests run from source. Node only; no Electron import (the worker and the CLI use it).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MNI_TEMPLATE_FILES = {
  t1: 'MNI152NLin2009cAsym_2mm_T1_niworkflows.nii.gz',
  brainMask: 'MNI152NLin2009cAsym_2mm_brainmask_niworkflows.nii.gz',
  grey: 'MNI152NLin2009cAsym_2mm_tpm_gm_niworkflows.nii.gz',
  white: 'MNI152NLin2009cAsym_2mm_tpm_wm_niworkflows.nii.gz',
  csf: 'MNI152NLin2009cAsym_2mm_tpm_csf_niworkflows.nii.gz',
} as const;

export type MniTemplate = keyof typeof MNI_TEMPLATE_FILES;

const MARKER = 'NOTICE.md';

function hasTemplates(dir: string): boolean {
  return existsSync(join(dir, MARKER)) && existsSync(join(dir, MNI_TEMPLATE_FILES.t1));
}

/** Walks up from `start` looking for resources/mni/ (source tree and dist/ bundles). */
function findUpwards(start: string): string | null {
  let dir = resolve(start);
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources', 'mni');
    if (hasTemplates(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

function moduleDir(): string | null {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
}

/**
 * The folder holding the templates. Order: an explicit folder, KRP_RESOURCES_DIR/mni, Electron's
 * resources folder (packaged app: extraResources), then upwards from this module and from the
 * working directory. Throws a plain message naming what to reinstall when none is found.
 */
export function mniTemplateDir(explicit?: string): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (process.env.KRP_RESOURCES_DIR) candidates.push(join(process.env.KRP_RESOURCES_DIR, 'mni'));
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'mni'));
  for (const dir of candidates) if (hasTemplates(dir)) return dir;
  const found = findUpwards(moduleDir() ?? process.cwd()) ?? findUpwards(process.cwd());
  if (found) return found;
  throw new Error('The MNI templates shipped with the app (resources/mni) were not found. Reinstall the app.');
}

/** The absolute path of one bundled template. */
export function mniTemplatePath(which: MniTemplate, explicitDir?: string): string {
  return join(mniTemplateDir(explicitDir), MNI_TEMPLATE_FILES[which]);
}
