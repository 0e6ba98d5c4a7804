import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { freePort } from '../support/free-port.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { programArgs } from '../support/node-program.ts';
import { sharedBuild } from '../support/shared-build.ts';

/** Runs the real thing for browser tests: the built web app served by the real server, driven by chromium. */

export const REPO = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(REPO, 'test-artifacts');
const run = promisify(execFile);

/** Builds the web app into `outDir` (a fresh directory by default). */
export async function buildWeb(outDir = mkdtempSync(join(tmpdir(), 'parcours-web-'))): Promise<string> {
  await run(process.execPath, [join(REPO, 'web/node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: join(REPO, 'web'),
  });
  return outDir;
}

/** The run's one build of the web app, shared by its browser files. */
const sharedWebBuild = () => sharedBuild('web', buildWeb);

export interface RunningServer {
  url: string;
  key: string;
  stop(): Promise<void>;
  halt(): Promise<void>;
  start(): Promise<void>;
  /** What the server printed so far (its current process). */
  output(): string;
  /** Calls the API with the admin key. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/**
 * Starts `server/src/main.ts` on a free port with a temporary SQLite file and a preset admin key; `extraEnv` adds
 * variables that may need the server's own address (e.g. PARCOURS_PUBLIC_URL).
 */
export async function startServer(webDist: string, extraEnv: (url: string) => Record<string, string> = () => ({})): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-srv-'));
  const scenarios = join(dir, 'scenarios');
  mkdirSync(scenarios);
  const port = await freePort();
  const key = `pk_test_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const env = {
    ...process.env,
    PARCOURS_PORT: String(port),
    PARCOURS_HOST: '127.0.0.1',
    PARCOURS_DB: join(dir, 'parcours.sqlite'),
    PARCOURS_ADMIN_KEY: key,
    PARCOURS_WEB_DIST: webDist,
    PARCOURS_SCENARIOS: scenarios,
    ...extraEnv(`http://127.0.0.1:${port}`),
  };
  const url = `http://127.0.0.1:${port}`;
  let { child, output } = await spawnServer(env, url);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL');
  };
  return {
    url,
    key,
    output: () => output(),
    async api<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${url}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
    /** Stops the process only, keeping its database: the server is unreachable until `start`. */
    halt: stop,
    async start() {
      ({ child, output } = await spawnServer(env, url));
    },
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function spawnServer(env: NodeJS.ProcessEnv, url: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, await programArgs('server/src/main.ts'), { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, output: () => output };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Chromium switches added to the usual ones (a benchmark lifts the frame-rate cap this way). */
  args?: string[];
  /** The browser's language (navigator.languages, Accept-Language): English unless a test asks for another. */
  locale?: string;
}

export async function launchBrowser(viewport = { width: 1280, height: 800 }, options: LaunchOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'parcours-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    acceptDownloads: true,
    locale: options.locale ?? 'en-US',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(options.args ?? [])],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'a browser test passphrase';

/** Creates a user with this role through the API (with the admin key); returns the email to sign in with. */
export async function createUser(server: RunningServer, role: 'viewer' | 'editor' | 'publisher' | 'admin', email = `${role}-${Math.random().toString(36).slice(2)}@example.com`): Promise<string> {
  const res = await server.api('POST', '/users', { email, role, password: TEST_PASSWORD });
  if (res.status !== 201) throw new Error(`could not create the ${role} ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return email;
}

/** Signs in through the app's form as a person does; a user with `role` is created first unless `email` names one. */
export async function signInAs(page: Page, server: RunningServer, options: { role?: 'viewer' | 'editor' | 'publisher' | 'admin'; email?: string } = {}): Promise<void> {
  const email = options.email ?? (await createUser(server, options.role ?? 'admin'));
  await page.goto(server.url);
  await page.fill('#email', email);
  await page.fill('#password', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.getByTestId('signed-in-as').waitFor();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The built app served by a fresh server, and a chromium page on it. */
export interface AppSession {
  server: RunningServer;
  page: Page;
  /** Uncaught errors of the page, which a test expects to stay empty. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface AppOptions {
  viewport?: { width: number; height: number };
  /** Default timeout of page actions, in ms. */
  timeout?: number;
  /** Prepares the server (scenarios, contacts...) before the page opens. */
  seed?: (server: RunningServer) => Promise<void>;
  /** Opens the app signed in as an admin: a real user created for the test, signed in through the sign-in form. */
  signIn?: boolean;
  /** More environment for the server, given its address. */
  env?: (url: string) => Record<string, string>;
  /** The browser's language; en-US by default. */
  locale?: string;
}

/** One browser test file's whole set-up; `close` stops the server and the browser. */
export async function openApp(options: AppOptions = {}): Promise<AppSession> {
  const server = await startServer(await sharedWebBuild(), options.env);
  await options.seed?.(server);
  const browser = await launchBrowser(options.viewport, { locale: options.locale });
  const page = browser.page;
  const pageErrors: string[] = [];
  page.setDefaultTimeout(options.timeout ?? 10_000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  if (options.signIn) await signInAs(page, server);
  return {
    server,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
