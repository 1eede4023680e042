import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/**
 * The production build (dist/) compiles what tsconfig.build.json lists: the app only. The
 * benchmarks (compiled by tsconfig.bench.json) and the tests' sheet builders stay out.
 */
describe('what the production build compiles', () => {
  it('includes no benchmark, test support or measurement script', () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const listed = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--listFilesOnly'], { cwd: ROOT, encoding: 'utf8' });
    const ours = listed
      .split('\n')
      .map((f) => path.relative(ROOT, f.trim()))
      .filter((f) => f && !f.startsWith('node_modules') && !f.startsWith('..'));
    expect(ours).toContain(path.join('src', 'main.ts'));
    const strays = ours.filter((f) => /(^|\/)(bench|test)\/|\/testing-[^/]*$|\/measure-[^/]*$|\.spec\.ts$/.test(f));
    expect(strays).toEqual([]);
  });
});
