import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerEnv, installFailureCause, withoutNpmScriptState } from '../../harness/codeServer';

/** What `npm test` / `npm start` export to their scripts (read off npm 11 on Node 20). */
const underNpm: NodeJS.ProcessEnv = {
  HOME: '/home/dev',
  EDITOR: 'vi',
  PATH: ['/work/nl/node_modules/.bin', '/work/node_modules/.bin', '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin', '/usr/local/bin', '/usr/bin'].join(path.delimiter),
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_nodedir: '/usr',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_local_prefix: '/work/nl',
  npm_config_registry: 'https://registry.example/',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_lifecycle_event: 'test',
  npm_lifecycle_script: 'npm run lint && …',
  npm_package_name: 'neural-lens',
  npm_package_json: '/work/nl/package.json',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/bin/node',
  npm_command: 'run',
  NODE: '/usr/bin/node',
  INIT_CWD: '/work/nl',
};

describe('code-server install environment', () => {
  it('drops the npm state a script inherits, keeps how to reach the registry', () => {
    const env = withoutNpmScriptState(underNpm);
    const npmKeys = Object.keys(env).filter((k) => /^npm_/i.test(k)).sort();
    assert.deepEqual(npmKeys, ['npm_config_cafile', 'npm_config_registry']);
    for (const key of ['NODE', 'INIT_CWD']) assert.equal(env[key], undefined, key);
    assert.equal(env.HOME, '/home/dev');
    assert.equal(env.EDITOR, 'vi');
    assert.equal(env.PATH, ['/usr/local/bin', '/usr/bin'].join(path.delimiter));
  });

  it('puts Node 24 first on PATH and sets only what it is given on purpose', () => {
    const env = codeServerEnv(underNpm, '/cache/node24/bin', { npm_config_nodedir: '/cache/node24' });
    assert.equal(env.npm_config_user_agent, undefined);
    assert.equal(env.PATH!.split(path.delimiter)[0], '/cache/node24/bin');
    assert.equal(env.npm_config_nodedir, '/cache/node24');
  });

  it('hands a child process no inherited user agent and Node 24 as `node`', function () {
    if (process.platform === 'win32') this.skip(); // the fake node below is a shell script
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-fake-node24-'));
    try {
      fs.writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho v24.0.0-fake\n', { mode: 0o755 });
      // The environment this very test runs in: under `npm test` it carries npm's user agent.
      const base = { ...process.env, npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64' };
      const seen = execFileSync('/bin/sh', ['-c', 'node --version; printf "%s" "${npm_config_user_agent-unset}"'], {
        env: codeServerEnv(base, bin),
        encoding: 'utf8',
      });
      assert.equal(seen, 'v24.0.0-fake\nunset');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('code-server install failures', () => {
  const versionLog = [
    '> code-server@4.139.1 postinstall',
    '> sh ./postinstall.sh',
    '',
    'ERROR: code-server currently requires node v24.',
    'We have detected that you are on node v20',
    'You can override this version check by setting $FORCE_NODE_VERSION,',
  ].join('\n');

  it('names the Node version the postinstall saw and where it came from', () => {
    const cause = installFailureCause(versionLog, { npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64', PATH: '/n24/bin' });
    assert.match(cause!, /saw Node v20 and needs v24/);
    assert.match(cause!, /npm_config_user_agent="npm\/11\.19\.1 node\/v20\.20\.2/);
    const fromPath = installFailureCause(versionLog, { PATH: `/opt/node20/bin${path.delimiter}/usr/bin` });
    assert.match(fromPath!, /`node` first on PATH \(\/opt\/node20\/bin\)/);
    assert.equal(cause!.includes('\n'), false);
  });

  it('names a missing Kerberos header, a network failure, and nothing for an unknown log', () => {
    assert.match(installFailureCause("fatal error: gssapi/gssapi.h: No such file or directory", {})!, /libkrb5-dev/);
    assert.match(installFailureCause('npm error code ENOTFOUND\nnpm error errno ENOTFOUND request to https://registry.npmjs.org failed', {})!, /could not reach/);
    assert.equal(installFailureCause('something else went wrong', {}), undefined);
  });
});
