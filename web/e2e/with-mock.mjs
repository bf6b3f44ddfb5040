#!/usr/bin/env node
/**
 * Runs the e2e suite against e2e/mock-service.mjs (no Java service needed):
 *   npm run build && npm run e2e:mock
 * The mock listens on a free loopback port and is stopped when the suite ends.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const free = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const env = { ...process.env, MOCK_ADMIN_TOKEN: 'e2e-admin', SEGMENTS_WRITE_KEY: 'e2e-write' };
const mock = spawn(process.execPath, [fileURLToPath(new URL('./mock-service.mjs', import.meta.url)), String(free)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  mock.stdout.once('data', resolve);
  mock.once('exit', (code) => reject(new Error(`mock exited with ${code}`)));
});
const suite = spawn(process.execPath, ['--test', fileURLToPath(new URL('./ui.test.mjs', import.meta.url))], {
  env: { ...env, SEGMENTS_E2E_URL: `http://127.0.0.1:${free}`, SEGMENTS_ADMIN_TOKEN: 'e2e-admin' },
  stdio: 'inherit',
});
const code = await new Promise((resolve) => suite.once('exit', resolve));
mock.kill();
process.exit(code ?? 1);
