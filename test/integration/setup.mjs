// Installs what the integration tier needs, once, and says where it is:
//   - Debian Chromium (drives the workbench through playwright-core),
//   - code-server (a full VS Code whose extension host is Node) in the git-ignored .tools/code-server.
// code-server's install builds `kerberos` (needs libkrb5-dev) and fetches a ripgrep binary from the
// internet, which these machines cannot reach: its download cache is seeded with Debian's /usr/bin/rg.
// As root the missing Debian packages are installed with apt; otherwise a message says what to install.
//
//   node test/integration/setup.mjs      # installs if needed, prints the paths
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3, runs on Node 20
const TOOLS = join(ROOT, '.tools', 'code-server');
const CODE_SERVER_PKG = join(TOOLS, 'node_modules', 'code-server');
/** The ripgrep that @vscode/ripgrep 1.15.11 (inside code-server's VS Code) would download. */
const RG_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');

const say = (m) => console.log(`[integration setup] ${m}`);
const onPath = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim() || undefined;

/** The Chromium playwright-core drives: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : onPath('chromium'));
}

function installedCodeServer() {
  try {
    const v = JSON.parse(readFileSync(join(CODE_SERVER_PKG, 'package.json'), 'utf8')).version;
    return v === CODE_SERVER_VERSION && existsSync(join(CODE_SERVER_PKG, 'lib', 'vscode', 'out', 'server-main.js')) ? CODE_SERVER_PKG : undefined;
  } catch {
    return undefined;
  }
}

/** Debian packages still missing for what remains to install. */
function missingDebs(needCodeServer) {
  const need = [];
  if (!chromiumPath()) need.push('chromium');
  if (needCodeServer && !existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/gssapi/gssapi.h')) need.push('libkrb5-dev');
  if (needCodeServer && !existsSync('/usr/bin/rg')) need.push('ripgrep');
  return need;
}

function aptInstall(pkgs) {
  if (pkgs.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The integration tier needs these Debian packages: ${pkgs.join(' ')}.\n` +
        `Install them as root (sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}) and run again.` +
        (pkgs.includes('chromium') ? ' Or point CHROMIUM_PATH at a Chromium or Chrome binary.' : ''),
    );
  }
  say(`apt-get install ${pkgs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env, timeout: 600_000 });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env, timeout: 900_000 });
}

/** Gives @vscode/ripgrep's postinstall Debian's rg instead of a download it cannot make. */
function seedRipgrepCache() {
  if (existsSync(RG_CACHE)) return;
  mkdirSync(dirname(RG_CACHE), { recursive: true });
  execFileSync('tar', ['-czf', RG_CACHE, '-C', '/usr/bin', 'rg']);
}

function installCodeServer() {
  seedRipgrepCache();
  mkdirSync(TOOLS, { recursive: true });
  writeFileSync(join(TOOLS, 'package.json'), JSON.stringify({ name: 'integration-tools', private: true, description: 'code-server for test/integration (git-ignored)' }, null, 2) + '\n');
  say(`npm install code-server@${CODE_SERVER_VERSION} into ${TOOLS} (about a minute)`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: TOOLS,
    stdio: 'inherit',
    timeout: 1_200_000,
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_update_notifier: 'false' },
  });
  if (r.status !== 0 || !installedCodeServer()) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (${r.error?.message ?? `exit ${r.status}`}); see the npm output above.`);
  }
}

/** Installs what is missing; returns { codeServer (its package folder), chromium }. */
export function ensureIntegrationTools() {
  const have = installedCodeServer();
  aptInstall(missingDebs(!have));
  if (!have) installCodeServer();
  const chromium = chromiumPath();
  if (!chromium) throw new Error('No Chromium found: install Debian chromium or set CHROMIUM_PATH.');
  return { codeServer: CODE_SERVER_PKG, codeServerEntry: join(CODE_SERVER_PKG, 'out', 'node', 'entry.js'), chromium };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const t0 = Date.now();
    const tools = ensureIntegrationTools();
    say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: code-server ${CODE_SERVER_VERSION} at ${tools.codeServer}; chromium ${tools.chromium}`);
  } catch (e) {
    console.error(`[integration setup] ${e.message}`);
    process.exit(1);
  }
}
