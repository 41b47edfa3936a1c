/**
 * Every file the analysis reads must be a regular file on a local path: a FIFO or device would
 * block a thread-pool thread (or never end), and a Windows UNC path (\\server\share\…) would make
 * the system contact another machine and may send the user's credentials on the network.
 * Checked with lstat/stat before anything opens the file.
 */
import { lstat, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { KrpError } from '../../../shared/errors';

/** A path naming another machine: \\server\share, //server/share, \\?\UNC\…, \\.\device. */
export function isNetworkOrDevicePath(path: string): boolean {
  return /^[\\/]{2}/.test(path);
}

/** Size of the regular local file at `path`; throws KrpError naming `role` otherwise. */
export async function checkLocalRegularFile(path: string, role = 'file'): Promise<number> {
  const name = basename(path.replace(/[\\/]+$/, '')) || path;
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw new KrpError('input.bad-path', `The ${role} path is empty or invalid. Choose the file again.`, { role });
  }
  if (isNetworkOrDevicePath(path)) {
    throw new KrpError('input.network-path',
      `The ${role} ${path} is on a network share or device path; the app reads only local files (it never connects to other machines). Copy the file to this computer and choose the copy.`,
      { role, file: name });
  }
  let info;
  try {
    const link = await lstat(path);
    info = link.isSymbolicLink() ? await stat(path) : link;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new KrpError('nifti.not-found', `${name} was not found at ${path}. Check that the file still exists, or choose it again.`, { file: name, role });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new KrpError('nifti.unreadable', `${name} cannot be read (permission denied). Copy it somewhere you can read, or fix its permissions.`, { file: name, role });
    }
    throw new KrpError('nifti.unreadable', `${name} cannot be examined (${(error as Error).message}). Choose the file again.`, { file: name, role });
  }
  if (info.isDirectory()) {
    throw new KrpError('nifti.not-nifti', `${name} is a folder, not a file. Choose the file inside it.`, { file: name, role });
  }
  if (!info.isFile()) {
    const kind = info.isFIFO() ? 'a named pipe (FIFO)' : info.isSocket() ? 'a socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'not a regular file';
    throw new KrpError('input.not-regular-file', `The ${role} ${name} is ${kind}, not a regular file. Choose the file itself.`, { role, file: name });
  }
  return info.size;
}
