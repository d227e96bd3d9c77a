/**
 * The shape of the code: no import cycles among source files (type-only imports aside, since
 * they vanish at run time), found with Tarjan's strongly connected components over every
 * `import`/`export … from`/`import()` of the TypeScript sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['api', 'widget', 'kb-site', 'content', 'bench', 'test'];
const SKIP = new Set(['node_modules', 'dist', '.astro', 'data']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|astro)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Relative and `#alias` imports that stay at run time (not `import type`, not `import { type A }` only). */
export function runtimeImports(file: string, text: string, aliases: Record<string, string>): string[] {
  const found: string[] = [];
  const statement =
    /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(statement)) {
    const spec = m[4] ?? m[5] ?? m[6];
    if (m[2]) continue; // import type … / export type …
    const clause = m[3] ?? '';
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    if (
      named &&
      named[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith('type '))
    )
      continue;
    const resolved = resolveSpecifier(file, spec, aliases);
    if (resolved) found.push(resolved);
  }
  return found;
}

function resolveSpecifier(file: string, spec: string, aliases: Record<string, string>): string | null {
  let target: string | null = null;
  if (spec.startsWith('.')) target = path.resolve(path.dirname(file), spec);
  else if (spec.startsWith('#')) {
    for (const [pattern, replacement] of Object.entries(aliases)) {
      const prefix = pattern.replace(/\*$/, '');
      if (pattern.endsWith('*') ? spec.startsWith(prefix) : spec === pattern) {
        target = path.resolve(ROOT, replacement.replace('*', spec.slice(prefix.length)));
        break;
      }
    }
  }
  return target && /\.(ts|astro)$/.test(target) ? target : null;
}

/** Strongly connected components with more than one file, or a file importing itself. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

export function importGraph(): Map<string, string[]> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { imports?: Record<string, string> };
  const aliases = pkg.imports ?? {};
  const graph = new Map<string, string[]>();
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(path.join(ROOT, dir))) graph.set(file, runtimeImports(file, readFileSync(file, 'utf8'), aliases));
  }
  return graph;
}

test('no import cycle among source files (type-only imports aside)', () => {
  const found = cycles(importGraph()).map((c) => c.map((f) => path.relative(ROOT, f)));
  assert.deepEqual(found, [], `import cycles:\n${found.map((c) => '  ' + c.join(' ↔ ')).join('\n')}`);
});

test('the cycle finder finds a planted cycle and ignores a chain', () => {
  assert.deepEqual(
    cycles(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']],
        ['d', ['a']],
      ]),
    ),
    [['a', 'b', 'c']],
  );
  assert.deepEqual(
    cycles(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', []],
      ]),
    ),
    [],
  );
  assert.deepEqual(
    runtimeImports('/x/a.ts', "import type { A } from './b.ts';\nimport { type C } from './c.ts';\nimport { d } from './d.ts';", {}),
    ['/x/d.ts'],
  );
});
