/**
 * `npm run admin -- sites add --key acme --name "Acme" --plan standard --origin https://lms.acme.example --budget 20`
 * `npm run admin -- sites set --key acme --crm rm@kestrel.example [--contact 3=ceo@… --target S1.responseHours=0.5 …]`
 * `npm run admin -- sites list [--json]`
 * `npm run admin -- agents list|set-display-name|set-password|disable|enable|revoke-sessions …` (agents/cli.ts)
 * `npm run admin -- webhooks add|list|disable|enable|remove|deliveries …` (webhooks/cli.ts)
 * `npm run admin -- contacts add|list|remove …` (portal/cli.ts: a site's client portal contacts)
 * Works on the same store as the server (DATABASE_URL or DATA_DIR), safely while it runs.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadPolicy } from '../../content/src/load.ts';
import { ContentError } from '../../content/src/errors.ts';
import { defaultCrmOf } from '#content/policy-schema.ts';
import { ConfigError, readConfig } from './config.ts';
import { AGENTS_USAGE, agentsCommand } from './agents/cli.ts';
import { WEBHOOKS_USAGE, webhooksCommand } from './webhooks/cli.ts';
import { CONTACTS_USAGE, contactsCommand } from './portal/cli.ts';
import { addSite, listSites, SiteError } from './sites/sites.ts';
import { amendSiteSla, amendmentHistory, currentAmendment, type SlaAmendmentChange } from './sites/sla-amendments.ts';
import { openStore } from './store/database.ts';

const USAGE = `Usage:
  npm run admin -- sites add --key KEY --name NAME [--plan PLAN] [--origin ORIGIN ...] [--budget HOURS] [--crm EMAIL]
                             [--health-url URL]
  npm run admin -- sites set KEY|--key KEY [--name NAME] [--plan PLAN] [--origin ORIGIN ...] [--budget HOURS] [--health-url URL|""]
                             [--crm EMAIL|default] [--contact LEVEL=EMAIL ...] [--target SEVERITY.FIELD=VALUE ...]
  npm run admin -- sites sla --key KEY        (the site's SLA amendments: who changed what, when)
  npm run admin -- sites list [--json]

  --key      site key used in the widget's site="…" attribute (lower-case, digits, "-")
  --name     the client's name
  --plan     support plan id from content/policy.yaml (default: the policy's default plan)
  --origin   an origin allowed to embed the widget, e.g. https://lms.acme.example (repeatable)
  --budget   pre-purchased support hours
  --health-url  what the prober GETs every HELPWAY_PROBE_SECONDS (2xx/3xx = up), e.g.
             https://lms.acme.example/health ("" = stop probing)
  --crm      the site's client relationship manager: escalations to "site-crm" go there
             ("default" = the policy's escalation.defaultCrm)
  --contact  another address for an escalation level on this site, e.g. 3=ceo@kestrel.example
  --target   a target amended for this site, e.g. S1.responseHours=0.5, S2.resolutionDays=1,
             S3.replyHours=4 ("none" = no target)
Adding an existing key updates it (origins are replaced); set changes only what it names.
SLA changes are kept with who made them and when (sites sla).

${AGENTS_USAGE}

${WEBHOOKS_USAGE}

${CONTACTS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'agents') return agentsCommand(argv.slice(1));
  if (argv[0] === 'webhooks') return webhooksCommand(argv.slice(1));
  if (argv[0] === 'contacts') return contactsCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      name: { type: 'string' },
      plan: { type: 'string' },
      origin: { type: 'string', multiple: true },
      budget: { type: 'string' },
      'health-url': { type: 'string' },
      crm: { type: 'string' },
      contact: { type: 'string', multiple: true },
      target: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [resource, action, keyArgument, ...extra] = positionals;
  if (values.help || resource !== 'sites' || !['add', 'set', 'sla', 'list'].includes(action ?? '')) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  // The key may come as --key KEY or right after the action (`sites set acme --plan priority`).
  if (keyArgument !== undefined) {
    if (extra.length || action === 'list' || (values.key !== undefined && values.key !== keyArgument)) {
      process.stderr.write(`sites ${action}: unexpected argument "${extra[0] ?? keyArgument}" (give the site key once)\n`);
      return 2;
    }
    values.key = keyArgument;
  }
  const config = readConfig();
  const policy = await loadPolicy(config.policyFile);
  const store = await openStore({ databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema, dataDir: config.dataDir });
  try {
    if (action === 'sla') {
      if (!values.key) {
        process.stderr.write('sites sla needs --key\n');
        return 2;
      }
      const history = await amendmentHistory(store.db, values.key);
      if (!history.length) process.stdout.write(`Site "${values.key}" has no SLA amendment: its plan's terms apply.\n`);
      for (const a of history)
        process.stdout.write(
          `${a.changedAt}\t${a.changedBy}\tcrm=${a.crm ?? `(default ${defaultCrmOf(policy)})`}\tcontacts=${JSON.stringify(a.contacts)}\ttargets=${JSON.stringify(a.targets)}\n`,
        );
      return 0;
    }
    if (action === 'add' || action === 'set') {
      const existing = action === 'set' ? (await listSites(store.db)).find((s) => s.key === values.key) : undefined;
      if (!values.key || (action === 'add' && !values.name)) {
        process.stderr.write(`sites ${action} needs --key${action === 'add' ? ' and --name' : ''}\n\n` + USAGE + '\n');
        return 2;
      }
      if (action === 'set' && !existing) {
        process.stderr.write(`--key: no site "${values.key}"; add it with sites add\n`);
        return 1;
      }
      const budget = values.budget === undefined ? (existing?.budgetHours ?? 0) : Number(values.budget);
      if (!Number.isFinite(budget)) {
        process.stderr.write(`--budget "${values.budget}" is not a number of hours\n`);
        return 2;
      }
      const change = slaChange(values);
      if (typeof change === 'string') {
        process.stderr.write(`${change}\n`);
        return 2;
      }
      const site = await addSite(
        store.db,
        policy,
        {
          key: values.key,
          name: values.name ?? existing!.name,
          plan: values.plan ?? existing?.plan ?? policy.defaultPlan,
          origins: values.origin ?? existing?.origins ?? [],
          budgetHours: budget,
          healthUrl: values['health-url'],
        },
        new Date(),
        { demoMode: config.demoMode },
      );
      if (change) {
        const amended = await amendSiteSla(store.db, policy, site.key, change, `admin-cli:${userInfo().username}`, new Date());
        process.stdout.write(`SLA amended for "${site.key}": relationship manager ${amended.crm ?? `${defaultCrmOf(policy)} (default)`}\n`);
      } else if (action === 'set') {
        const amended = await currentAmendment(store.db, site.key);
        if (amended) process.stdout.write(`SLA amendment in force since ${amended.changedAt} (${amended.changedBy})\n`);
      }
      process.stdout.write(
        `Saved site "${site.key}" (${site.name}), plan ${site.plan}, budget ${site.budgetHours} h, origins: ${site.origins.join(', ') || '(none)'}, health URL: ${site.healthUrl ?? '(none)'}\n`,
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
          `${s.key}\t${s.name}\tplan=${s.plan}\tbudget=${s.budgetHours}h\torigins=${s.origins.join(',') || '-'}\thealthUrl=${s.healthUrl ?? '-'}\tidentitySecret=${s.identitySecret}\n`,
        );
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** The SLA part of `sites add|set`, or null when none is given, or the message for a malformed one. */
function slaChange(values: { crm?: string; contact?: string[]; target?: string[] }): SlaAmendmentChange | null | string {
  if (values.crm === undefined && !values.contact?.length && !values.target?.length) return null;
  const change: SlaAmendmentChange = {};
  if (values.crm !== undefined) change.crm = values.crm === 'default' ? null : values.crm;
  for (const text of values.contact ?? []) {
    const match = /^(\d+)=(.+)$/.exec(text);
    if (!match) return `--contact "${text}": write LEVEL=EMAIL, e.g. 3=ceo@kestrel.example`;
    change.contacts = { ...change.contacts, [match[1]]: match[2] };
  }
  for (const text of values.target ?? []) {
    const match = /^(S[1-4])\.(responseHours|resolutionDays|replyHours)=(none|\d+(?:\.\d+)?)$/.exec(text);
    if (!match)
      return `--target "${text}": write SEVERITY.FIELD=VALUE, e.g. S1.responseHours=0.5 (fields: responseHours, resolutionDays, replyHours; "none" = no target)`;
    const severity = match[1] as 'S1';
    change.targets = {
      ...change.targets,
      [severity]: { ...change.targets?.[severity], [match[2]]: match[3] === 'none' ? null : Number(match[3]) },
    };
  }
  return change;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // The option's spelling, not the API field's (healthUrl → --health-url).
  if (error instanceof SiteError)
    process.stderr.write(`--${(error.field || 'key').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${error.message}\n`);
  else if (error instanceof ContentError || error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`admin: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
