/**
 * `npm run admin -- sites add --key acme --name "Acme" --plan standard --origin https://lms.acme.example --budget 20`
 * `npm run admin -- sites list [--json]`
 * `npm run admin -- agents list|set-password|disable|enable|revoke-sessions …` (agents/cli.ts)
 * `npm run admin -- webhooks add|list|disable|enable|remove|deliveries …` (webhooks/cli.ts)
 * Works on the same store as the server (DATABASE_URL or DATA_DIR), safely while it runs.
 */
import { parseArgs } from 'node:util';
import { loadPolicy } from '../../content/src/load.ts';
import { ContentError } from '../../content/src/errors.ts';
import { ConfigError, readConfig } from './config.ts';
import { AGENTS_USAGE, agentsCommand } from './agents/cli.ts';
import { WEBHOOKS_USAGE, webhooksCommand } from './webhooks/cli.ts';
import { addSite, listSites, SiteError } from './sites/sites.ts';
import { openStore } from './store/database.ts';

const USAGE = `Usage:
  npm run admin -- sites add --key KEY --name NAME [--plan PLAN] [--origin ORIGIN ...] [--budget HOURS]
  npm run admin -- sites list [--json]

  --key      site key used in the widget's site="…" attribute (lower-case, digits, "-")
  --name     the client's name
  --plan     support plan id from content/policy.yaml (default: the policy's default plan)
  --origin   an origin allowed to embed the widget, e.g. https://lms.acme.example (repeatable)
  --budget   pre-purchased support hours
Adding an existing key updates it (origins are replaced).

${AGENTS_USAGE}

${WEBHOOKS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'agents') return agentsCommand(argv.slice(1));
  if (argv[0] === 'webhooks') return webhooksCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      name: { type: 'string' },
      plan: { type: 'string' },
      origin: { type: 'string', multiple: true },
      budget: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [resource, action] = positionals;
  if (values.help || resource !== 'sites' || !['add', 'list'].includes(action ?? '')) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  const config = readConfig();
  const policy = await loadPolicy(config.policyFile);
  const store = await openStore({ databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema, dataDir: config.dataDir });
  try {
    if (action === 'add') {
      if (!values.key || !values.name) {
        process.stderr.write('sites add needs --key and --name\n\n' + USAGE + '\n');
        return 2;
      }
      const budget = values.budget === undefined ? 0 : Number(values.budget);
      if (!Number.isFinite(budget)) {
        process.stderr.write(`--budget "${values.budget}" is not a number of hours\n`);
        return 2;
      }
      const site = await addSite(
        store.db,
        policy,
        { key: values.key, name: values.name, plan: values.plan ?? policy.defaultPlan, origins: values.origin ?? [], budgetHours: budget },
        new Date(),
      );
      process.stdout.write(
        `Saved site "${site.key}" (${site.name}), plan ${site.plan}, budget ${site.budgetHours} h, origins: ${site.origins.join(', ') || '(none)'}\n`,
      );
      process.stdout.write(
        `Identity secret (for user-hash = HMAC-SHA256(secret, email); keep it on the LMS server): ${site.identitySecret}\n`,
      );
      process.stdout.write(
        `Embed: <script type="module" src="{helpway origin}/widget.js"></script> <helpway-widget site="${site.key}"></helpway-widget>\n`,
      );
      return 0;
    }
    const sites = await listSites(store.db);
    if (values.json) {
      process.stdout.write(JSON.stringify(sites, null, 2) + '\n');
    } else if (!sites.length) {
      process.stdout.write('No sites yet. Add one with: npm run admin -- sites add --key KEY --name NAME --origin https://…\n');
    } else {
      for (const s of sites)
        process.stdout.write(
          `${s.key}\t${s.name}\tplan=${s.plan}\tbudget=${s.budgetHours}h\torigins=${s.origins.join(',') || '-'}\tidentitySecret=${s.identitySecret}\n`,
        );
    }
    return 0;
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof SiteError) process.stderr.write(`--${error.field || 'key'}: ${error.message}\n`);
  else if (error instanceof ContentError || error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`admin: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
