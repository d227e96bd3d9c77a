/**
 * Hono answers 404 for a known path with another method; the API answers 405 with Allow.
 * Built from the app's own route table once all routes are registered.
 */
import type { Hono } from 'hono';

export function routeMethods(app: Hono<any>, prefix: string): (path: string) => string[] {
  const table = new Map<string, { re: RegExp; methods: Set<string> }>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || !route.path.startsWith(prefix) || route.path.includes('*')) continue;
    let entry = table.get(route.path);
    if (!entry) {
      const pattern = route.path
        .replace(/\/$/, '')
        .split('/')
        .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      entry = { re: new RegExp(`^${pattern}/?$`), methods: new Set() };
      table.set(route.path, entry);
    }
    entry.methods.add(route.method);
    if (route.method === 'GET') entry.methods.add('HEAD');
  }
  const entries = [...table.values()];
  return (path: string) => {
    const methods = new Set<string>();
    for (const e of entries) if (e.re.test(path)) for (const m of e.methods) methods.add(m);
    return [...methods];
  };
}
