/** The support policy's texts as the form shows them, in the user's language where the API has them. */
import { html, type TemplateResult } from 'lit/html.js';
import { formatDue, inEnglish, type Messages } from '../i18n.ts';
import type { SlaPreview } from '../api-client.ts';

/** A policy text as the API served it in our language; marked English where it had no translation (`english`: their ids). */
export function policyText(t: Messages, english: Set<string>, id: string, text: string): TemplateResult | string {
  return english.has(id) ? inEnglish(t, text) : text;
}

/** The API's own sentence in English; elsewhere the due instant formatted by Intl. Out of hours, when the clock starts. */
export function dueText(t: Messages, sla: SlaPreview): TemplateResult {
  const en = t.lang === 'en' && sla.sentence;
  const text = en ? sla.sentence : sla.firstResponseDue ? t.sentDue(formatDue(sla.firstResponseDue, t.lang)) : inEnglish(t, sla.sentence);
  const clock = sla.clockRunning === false ? (en && sla.clockMessage ? sla.clockMessage : t.clockNotRunning) : '';
  return html`${text}${clock ? ` ${clock}` : ''}`;
}
