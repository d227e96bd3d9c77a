/**
 * The contact form's model, without the page: its empty state, what a host's prefill may set,
 * validation, the request body it sends (docs/architecture.md, "Tickets on the wire"), and the
 * API's refusals mapped back onto its fields. Pure functions, tested in Node (test/widget/).
 */
import type { TicketType } from '../api-client.ts';
import type { Messages } from '../i18n.ts';
import type { Journey } from '../panel-host.ts';
import type { HostPageContext } from '../page-context.ts';
import type { DraftFields } from '../storage.ts';
import type { PrefillData, WidgetConfig } from '../../types.ts';

/** Field key (a DraftFields key, or `fields.<name>` for a ticket type's own field) → the reason it is refused. */
export type FieldErrors = Record<string, string>;

const PREFILLED = ['subject', 'description', 'type', 'severity', 'name', 'email'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The journey keeps the last few searches and articles: enough to show what the user tried. */
const JOURNEY_KEPT = 20;

export function emptyFields(): DraftFields {
  return {
    type: '',
    severity: '',
    subject: '',
    description: '',
    name: '',
    email: '',
    channel: 'email',
    phoneNumber: '',
    phoneTime: '',
    fields: {},
  };
}

/** Sets what the host page prefilled (`helpway-widget.prefill()`): strings only, the subject cut to its maximum. */
export function prefillFields(fields: DraftFields, data: PrefillData): void {
  for (const key of PREFILLED) if (data[key] != null) fields[key] = String(data[key]);
  fields.subject = fields.subject.slice(0, 200);
}

/** What is missing or malformed, in the user's words (`t`); empty when the form can be sent. */
export function validate(f: DraftFields, type: TicketType | undefined, t: Pick<Messages, 'required' | 'invalidEmail'>): FieldErrors {
  const errors: FieldErrors = {};
  if (!f.type) errors.type = t.required;
  if (!f.severity) errors.severity = t.required;
  if (!f.subject.trim()) errors.subject = t.required;
  if (!f.description.trim()) errors.description = t.required;
  if (!f.name.trim()) errors.name = t.required;
  if (!f.email.trim()) errors.email = t.required;
  else if (!EMAIL.test(f.email.trim())) errors.email = t.invalidEmail;
  if (f.channel === 'phone' && !f.phoneNumber.trim()) errors.phoneNumber = t.required;
  if (f.channel === 'phone' && !f.phoneTime.trim()) errors.phoneTime = t.required;
  for (const field of type?.fields || []) {
    const value = f.fields[field.name];
    if (field.required && (field.kind === 'checkbox' ? value !== true : !String(value ?? '').trim()))
      errors[`fields.${field.name}`] = t.required;
  }
  return errors;
}

/**
 * The body of POST /api/tickets: trimmed texts, the ticket type's own fields (only those it
 * has, checkboxes as booleans), the requester (with the host's identity hash), the page the
 * user was on and the journey that led here.
 */
export function requestBody(
  f: DraftFields,
  type: TicketType | undefined,
  cfg: Pick<WidgetConfig, 'site' | 'userHash'>,
  page: Pick<HostPageContext, 'url' | 'title'>,
  journey: Journey,
  userAgent: string,
): Record<string, unknown> {
  const typeFields: Record<string, string | boolean> = {};
  for (const field of type?.fields || []) {
    const value = f.fields[field.name];
    if (value !== undefined && value !== '') typeFields[field.name] = field.kind === 'checkbox' ? value === true : String(value).trim();
  }
  const requester: Record<string, string> = { name: f.name.trim(), email: f.email.trim() };
  if (cfg.userHash) requester.hash = cfg.userHash;
  const body: Record<string, unknown> = {
    site: cfg.site,
    type: f.type,
    severity: f.severity,
    subject: f.subject.trim(),
    description: f.description.trim(),
    requester,
    channel: f.channel,
    context: { url: page.url, title: page.title, userAgent },
    journey: { searches: journey.searches.slice(-JOURNEY_KEPT), articlesRead: journey.articlesRead.slice(-JOURNEY_KEPT) },
    fields: typeFields,
  };
  if (f.channel === 'phone') body.phone = { number: f.phoneNumber.trim(), preferredTime: f.phoneTime.trim() };
  return body;
}

/** The API's refused fields (dotted paths of the body) as the form's own keys. */
export function errorsFromApi(fields: Record<string, unknown> | undefined): FieldErrors {
  return Object.fromEntries(
    Object.entries(fields || {}).map(([k, v]) => [
      k
        .replace(/^requester\./, '')
        .replace(/^phone\.number$/, 'phoneNumber')
        .replace(/^phone\.preferredTime$/, 'phoneTime'),
      String(v),
    ]),
  );
}
