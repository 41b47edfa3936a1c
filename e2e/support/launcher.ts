/**
 * Starts "the app" for a spec, one way or the other:
 *  - default: Debian Chromium (playwright-core) showing the built renderer from a loopback static
 *    server, with `window.krp` from the stand-in preload backed by the real services in this process;
 *  - KRP_E2E_ELECTRON=1 (and an Electron binary installed): the real app through Playwright's
 *    `_electron.launch`, preload and main process included.
 * Each `launch(dataDir)` is one app start on that data folder; closing and launching again on the
 * same folder is "reopening the app".
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, _electron, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { createAppServices, type AppServices } from './app-services';
import { serveStatic, type StaticServer } from './static-server';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export interface AppHandle {
  page: Page;
  mode: 'chromium' | 'electron';
  /** The next save dialog answers `path` (null: the user cancels). */
  answerSaveDialog(path: string | null): Promise<void>;
  /** The next open dialog answers `path` (null: the user cancels). */
  answerOpenDialog(path: string | null): Promise<void>;
  /** Unexpected (non-KrpError) failures seen by the services (stand-in mode only). */
  internalErrors(): string[];
  close(): Promise<void>;
}

export interface Launcher {
  mode: 'chromium' | 'electron';
  launch(dataDir: string): Promise<AppHandle>;
  dispose(): Promise<void>;
}

/** Which mode this run uses; throws when Electron is asked for but not installed. */
export function chooseMode(env: NodeJS.ProcessEnv = process.env): 'chromium' | 'electron' {
  if (env.KRP_E2E_ELECTRON !== '1') return 'chromium';
  if (electronBinary() === null) {
    throw new Error('KRP_E2E_ELECTRON=1 but no Electron binary is installed (node_modules/electron/dist). Run `npx install-electron` or unset KRP_E2E_ELECTRON.');
  }
  return 'electron';
}

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export async function createLauncher(): Promise<Launcher> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chooseMode() === 'electron' ? electronLauncher() : chromiumLauncher();
}

/** The stand-in preload bundled for injection before any page script. */
async function standInPreloadSource(): Promise<string> {
  const out = await build({
    entryPoints: [join(ROOT, 'e2e', 'support', 'standin-preload.ts')],
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** The Chromium the default mode drives: KRP_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.KRP_CHROMIUM ?? '/usr/bin/chromium';
}

async function chromiumLauncher(): Promise<Launcher> {
  const rendererDir = join(ROOT, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('dist/renderer is missing: run `node scripts/build.mjs` first (npm test does).');
  // Checked before anything is opened, so a missing browser fails at once instead of leaving a server up.
  const executablePath = chromiumExecutable();
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}: install Debian's chromium (sudo apt-get install chromium) or set KRP_CHROMIUM to a Chromium/Chrome executable.`);
  const [server, preload]: [StaticServer, string] = await Promise.all([serveStatic(rendererDir), standInPreloadSource()]);
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    });
  } catch (error) {
    await server.close();
    throw new Error(`Chromium (${executablePath}) did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    mode: 'chromium',
    async launch(dataDir) {
      const services: AppServices = createAppServices(dataDir, server.origin);
      const context = await browser.newContext({ viewport: { width: 1320, height: 880 }, locale: 'ja-JP' });
      await context.exposeBinding('__krpInvoke', ({ frame }, method: unknown, args: unknown) => services.dispatch(method, args, frame.url()));
      await context.addInitScript({ content: preload });
      // Offline by construction, as in the app: any request off the loopback origin fails.
      await context.route('**/*', (route) => (route.request().url().startsWith(server.origin) || /^(data|blob):/.test(route.request().url()) ? route.continue() : route.abort()));
      const page = await context.newPage();
      services.attach({
        emit: (event, payload) => {
          void page.evaluate(([e, p]) => (window as unknown as { __krpEmit(e: string, p: unknown): void }).__krpEmit(e, p), [event, payload] as const).catch(() => undefined);
        },
        printToPdf: async () => new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })),
      });
      await page.goto(`${server.origin}/index.html`);
      return {
        page, mode: 'chromium',
        answerSaveDialog: async (path) => { services.files.savePaths.push(path); },
        answerOpenDialog: async (path) => { services.files.openPaths.push(path); },
        internalErrors: () => services.internalErrors.slice(),
        async close() { await context.close(); await services.close(); },
      };
    },
    async dispose() { await browser.close(); await server.close(); },
  };
}

async function electronLauncher(): Promise<Launcher> {
  if (!existsSync(join(ROOT, 'dist', 'electron', 'main.cjs'))) throw new Error('dist/electron/main.cjs is missing: run `node scripts/build.mjs` first.');
  return {
    mode: 'electron',
    async launch(dataDir) {
      const app: ElectronApplication = await _electron.launch({ args: [ROOT, `--data-dir=${dataDir}`], cwd: ROOT, env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)) });
      const page = await app.firstWindow();
      await page.setViewportSize({ width: 1320, height: 880 });
      return {
        page, mode: 'electron',
        answerSaveDialog: (path) => app.evaluate(({ dialog }, p) => {
          dialog.showSaveDialog = (async () => ({ canceled: p === null, filePath: p ?? '' })) as unknown as typeof dialog.showSaveDialog;
        }, path),
        answerOpenDialog: (path) => app.evaluate(({ dialog }, p) => {
          dialog.showOpenDialog = (async () => ({ canceled: p === null, filePaths: p === null ? [] : [p] })) as unknown as typeof dialog.showOpenDialog;
        }, path),
        internalErrors: () => [],
        async close() { await app.close(); },
      };
    },
    async dispose() { /* each launch closed its own app */ },
  };
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
