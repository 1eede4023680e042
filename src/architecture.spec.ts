/**
 * The project's layout rules, checked on the source text:
 *  - a service owns its entity's queries: every `@InjectRepository(X)`, `getRepository(X)`,
 *    `Repository<X>` and query-builder `.from(X, …)` names an entity of the file's own feature
 *    folder; another feature's data is asked of that feature's service. The exceptions are
 *    listed below, each with its reason, and each must still be needed;
 *  - only those exceptions inject the DataSource itself (raw SQL reaches any table);
 *  - every file under src/ stays under MAX_LINES (generated migrations apart).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SRC = __dirname;
const MAX_LINES = 300;

/**
 * The documented exceptions, relative to src/: they may read any feature's entities and
 * inject the DataSource itself. Each must still need it (see "keeps no stale exception").
 */
const EXCEPTIONS: Record<string, string> = {
  'catalogue/catalogue.service.ts': 'the catalogue read model: read-only SQL over products and counties for the public pages',
  'seed/demo-seeder.ts': 'writes every feature’s demo rows in one transaction, before any service is in use',
  'seed/demo-donations.ts': 'the demo seeder’s 认领认捐 part, in the same transaction (numbers from the shared counter)',
  'bench/intents.bench.ts': 'benchmark tooling: fills the database directly, as fast as it can',
  'bench/export.bench.ts': 'benchmark tooling: fills the database directly, as fast as it can',
  'bench/reports-measure.ts': 'benchmark tooling: adds the organiser account it signs in with',
  'bench/scale-load-child.ts': 'benchmark tooling: fills the database directly, as fast as it can',
};

/** Files allowed over MAX_LINES for now, and why. */
const LONG_FILES: Record<string, string> = {};

const isMigration = (file: string) => file.startsWith('database/migrations/');

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

const files = sourceFiles().filter((f) => !isMigration(f));
const read = (file: string) => readFileSync(join(SRC, file), 'utf8');
const injectsDataSource = (file: string) => !file.endsWith('.spec.ts') && /@InjectDataSource\(/.test(read(file));
const featureOf = (file: string) => file.split('/')[0];

/** Entity class name → the feature folder of its file. */
function entityFolders(): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of files.filter((f) => f.endsWith('.entity.ts'))) {
    // The class after each Entity decorator, whatever other decorators (with parentheses of their own) stand between.
    for (const m of read(file).matchAll(/@Entity\([\s\S]*?export class (\w+)/g)) {
      map.set(m[1], featureOf(file));
    }
  }
  return map;
}

/** Each entity a file reaches through a repository or a query builder's FROM. */
function entitiesRead(source: string): string[] {
  const patterns = [
    /@InjectRepository\(\s*(\w+)\s*\)/g,
    /getRepository\(\s*(\w+)\s*\)/g,
    /Repository<\s*(\w+)\s*>/g,
    /\.from\(\s*(\w+)\s*,/g,
  ];
  return [...new Set(patterns.flatMap((p) => [...source.matchAll(p)].map((m) => m[1])))];
}

describe('architecture', () => {
  const entities = entityFolders();

  it('finds the entities (the check itself works)', () => {
    const declared = files.filter((f) => !f.endsWith('.spec.ts')).flatMap((f) => [...read(f).matchAll(/@Entity\(/g)]).length;
    expect(entities.size).toBe(declared);
    expect(entities.get('Product')).toBe('products');
    expect(entities.get('IntentLine')).toBe('intents');
    expect(entities.get('BuyerUnit')).toBe('buyers');
  });

  const foreignReads = (file: string) =>
    entitiesRead(read(file))
      .filter((e) => entities.has(e) && entities.get(e) !== featureOf(file))
      .map((e) => `${file} reads ${e} (owned by ${entities.get(e)}/)`);

  it('reads another feature’s entities only through that feature’s service', () => {
    expect(files.filter((f) => !(f in EXCEPTIONS)).flatMap(foreignReads)).toEqual([]);
  });

  it('injects the DataSource only in the documented exceptions', () => {
    expect(files.filter((f) => !(f in EXCEPTIONS) && injectsDataSource(f))).toEqual([]);
  });

  it('keeps no stale exception', () => {
    const stale = Object.keys(EXCEPTIONS).filter((f) => !files.includes(f) || (foreignReads(f).length === 0 && !injectsDataSource(f)));
    expect(stale).toEqual([]);
  });

  it(`keeps every file under ${MAX_LINES} lines`, () => {
    const long = files
      .filter((f) => !(f in LONG_FILES))
      .map((f) => ({ f, lines: read(f).split('\n').length - (read(f).endsWith('\n') ? 1 : 0) }))
      .filter(({ lines }) => lines >= MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
