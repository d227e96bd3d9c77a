/**
 * The contact form as the user sees it: the status notices (draft restored, waiting to retry,
 * refused), the policy's choices, the fields with their hints and errors wired for screen
 * readers, attachments, and what the ticket will carry about the page.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { kbLang } from '../i18n.ts';
import type { DraftFields } from '../storage.ts';
import type { ContactForm } from './contact-form.ts';
import { dueText, policyText } from './policy-words.ts';
import { addFiles, dropFiles, pasteFiles } from './form-files.ts';

/**
 * One labelled text control with its hint and error, wired to `aria-describedby`/`aria-invalid`.
 * `key` names the value: a DraftFields key, or `fields.<name>` for a ticket type's own field.
 */
function control(
  form: ContactForm,
  key: string,
  label: TemplateResult | string,
  kind: string,
  opts: { hint?: TemplateResult | string; autocomplete?: string; max?: number } = {},
): TemplateResult {
  const id = `hw-${key.replace('.', '-')}`;
  const typeField = key.startsWith('fields.') ? key.slice(7) : '';
  const value = typeField ? form.fields.fields[typeField] : (form.fields as unknown as Record<string, string>)[key];
  const error = form.errors[key];
  const described = [opts.hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || nothing;
  const invalid = error ? 'true' : 'false';
  const onInput = (e: Event) => {
    const el = e.target as HTMLInputElement;
    const v = kind === 'checkbox' ? el.checked : el.value;
    if (typeField) form.setField(typeField, v);
    else form.set(key as keyof DraftFields, String(v));
  };
  const input =
    kind === 'checkbox'
      ? html`<label class="check"><input id=${id} type="checkbox" .checked=${value === true} aria-invalid=${invalid} aria-describedby=${described} @change=${onInput} /><span>${label}</span></label>`
      : kind === 'textarea'
        ? html`<textarea id=${id} maxlength=${opts.max ?? 20000} .value=${String(value ?? '')} aria-invalid=${invalid} aria-describedby=${described} @input=${onInput}></textarea>`
        : html`<input id=${id} type=${kind} maxlength=${opts.max ?? 2000} autocomplete=${opts.autocomplete ?? 'off'} .value=${String(value ?? '')} aria-invalid=${invalid} aria-describedby=${described} @input=${onInput} />`;
  return html`<div class="field">
    ${kind === 'checkbox' ? nothing : html`<label for=${id}>${label}</label>`}
    ${opts.hint ? html`<span class="hint" id="${id}-hint">${opts.hint}</span>` : nothing}
    ${input}
    ${error ? html`<span class="error-text" id="${id}-err">${error}</span>` : nothing}
  </div>`;
}

/** A radio group of policy choices (ticket types, severities) with their descriptions. */
function choices(
  form: ContactForm,
  name: 'type' | 'severity',
  legend: string,
  items: Array<{ id: string; label: TemplateResult | string; desc: TemplateResult | string; due?: TemplateResult | string }>,
): TemplateResult {
  const error = form.errors[name];
  return html`<fieldset aria-describedby=${error ? `hw-${name}-err` : nothing}>
    <legend>${legend}</legend>
    ${error ? html`<span class="error-text" id="hw-${name}-err">${error}</span>` : nothing}
    ${items.map(
      (it) => html`<label class="choice">
        <input type="radio" name=${name} .checked=${form.fields[name] === it.id} aria-invalid=${error ? 'true' : 'false'}
          aria-describedby="hw-${name}-${it.id}" @change=${() => form.set(name, it.id)} />
        <span class="name">${it.label}</span>
        <span class="desc" id="hw-${name}-${it.id}">${it.desc}${it.due ? html`<br /><span class="due">${it.due}</span>` : nothing}</span>
      </label>`,
    )}
  </fieldset>`;
}

function channel(form: ContactForm, id: string, label: string): TemplateResult {
  return html`<label class="choice"><input type="radio" name="channel" .checked=${form.fields.channel === id} @change=${() => form.set('channel', id)} /><span class="name">${label}</span></label>`;
}

export function renderForm(form: ContactForm): TemplateResult {
  const panel = form.panel;
  const t = panel.t;
  if (form.policyError) {
    return html`<p class="notice error" role="alert">${t.policyError}</p>
      <button type="button" class="secondary" @click=${() => form.retryPolicy()}>${t.retryNow}</button>`;
  }
  const policy = form.policy;
  if (!policy) return html`<p class="muted" role="status">${t.loading}</p>`;
  // An S1 while the site has an open incident: "Is it this?" first (./status-banner.ts).
  const asked = panel.status?.ask(form);
  if (asked) return asked;
  const f = form.fields;
  const type = form.type();
  const { phase, retryIn } = form.submission;
  const locked = phase !== 'editing';
  const page = panel.page;
  const words = (id: string, text: string) => policyText(t, form.english, id, text);
  const optional = (label: TemplateResult | string) => html`${label} <span class="hint">(${t.optional})</span>`;
  const chat = policy.chat;
  // When chat reopens, as the API words it in our language; without an instant (in hours, no agent online yet), "soon".
  const chatOpens = chat.nextOpening ? (chat.nextOpeningText ?? '') : t.soon;
  return html`
    <div class="form-status">
      ${form.restored && !locked ? html`<p class="notice" role="status">${t.draftRestored} <button type="button" class="link-btn" @click=${() => form.discard()}>${t.discardDraft}</button></p>` : nothing}
      ${
        phase === 'waiting'
          ? html`<div class="notice warn" role="alert" tabindex="-1">
            <p>${t.offline(retryIn)}</p>
            <button type="button" class="secondary" @click=${() => form.retryNow()}>${t.retryNow}</button>
          </div>`
          : nothing
      }
      ${form.formError ? html`<p class="notice error form-error" role="alert" tabindex="-1">${t.failed} ${form.formError}</p>` : nothing}
    </div>
    <form class="contact" novalidate @submit=${(e: Event) => form.submit(e)} @paste=${(e: ClipboardEvent) => pasteFiles(form, e)}>
      <fieldset ?disabled=${locked}>
        ${choices(
          form,
          'type',
          t.typeLegend,
          policy.ticketTypes.map((tt) => ({
            id: tt.id,
            label: words(`ticketTypes.${tt.id}.name`, tt.name),
            desc: words(`ticketTypes.${tt.id}.description`, tt.description),
          })),
        )}
        ${choices(
          form,
          'severity',
          t.severityLegend,
          policy.severities.map((sv) => ({
            id: sv.id,
            label: html`${sv.id} · ${words(`severities.${sv.id}.name`, sv.name)}`,
            desc: words(`severities.${sv.id}.definition`, sv.definition),
            due: form.sla[sv.id] ? dueText(t, form.sla[sv.id]!) : '',
          })),
        )}
        ${control(form, 'subject', t.subject, 'text', { max: 200 })}
        ${
          form.guidance.matches.length
            ? html`<div class="notice" role="region" aria-label=${t.maybeAnswer}>
              <p>${t.maybeAnswer}</p>
              <ul class="files" lang=${kbLang(t)}>${form.guidance.matches.map((m) => html`<li><button type="button" class="link-btn" @click=${() => panel.openArticleBySlug(m.slug, m.title)}>${m.title}</button></li>`)}</ul>
            </div>`
            : nothing
        }
        ${control(form, 'description', t.description, 'textarea', { hint: type?.prompt && words(`ticketTypes.${type.id}.prompt`, type.prompt) })}
        ${
          form.guidance.scope.length
            ? html`<div class="notice" role="status">
              <p><strong>${t.scopeTitle}</strong></p>
              ${form.guidance.scope.map(
                (m) => html`<p>${words(`scope.${m.id}.topic`, m.topic)}: ${words(`scope.${m.id}.who`, m.who)}
                ${m.article ? html`<button type="button" class="link-btn" @click=${() => panel.openArticleBySlug(m.article!)}>${t.readArticle}</button>` : nothing}</p>`,
              )}
            </div>`
            : nothing
        }
        ${(type?.fields || []).map((fd) => {
          const label = words(`ticketTypes.${type!.id}.fields.${fd.name}.label`, fd.label);
          return control(
            form,
            `fields.${fd.name}`,
            fd.required || fd.kind === 'checkbox' ? label : optional(label),
            fd.kind === 'checkbox' || fd.kind === 'textarea' || fd.kind === 'url' ? fd.kind : 'text',
          );
        })}
        ${control(form, 'name', t.name, 'text', { autocomplete: 'name', max: 200 })}
        ${control(form, 'email', t.email, 'email', { autocomplete: 'email', max: 254 })}
        <fieldset>
          <legend>${t.channelLegend}</legend>
          ${f.severity === 'S1' || f.severity === 'S2' ? html`<p class="hint">${t.phoneSuggested}</p>` : nothing}
          ${channel(form, 'email', t.channelEmail)}
          ${chat.available ? channel(form, 'chat', t.channelChat) : html`<p class="hint">${t.chatClosed(chatOpens || '—')}</p>`}
          ${channel(form, 'phone', t.channelPhone)}
        </fieldset>
        ${
          f.channel === 'phone'
            ? html`${control(form, 'phoneNumber', t.phoneNumber, 'tel', { autocomplete: 'tel', max: 40 })}${control(form, 'phoneTime', t.preferredTime, 'text', { max: 200 })}`
            : nothing
        }
        <div class="field">
          <label for="hw-files">${optional(t.attachments)}</label>
          <div class="drop ${form.dragOver ? 'over' : ''}"
            @dragover=${(e: DragEvent) => {
              e.preventDefault();
              form.dragging(true);
            }}
            @dragleave=${() => form.dragging(false)}
            @drop=${(e: DragEvent) => dropFiles(form, e)}>
            <p class="hint" id="hw-files-hint">${t.attachHint}</p>
            <input id="hw-files" type="file" multiple aria-describedby="hw-files-hint"
              @change=${(e: Event) => {
                const input = e.target as HTMLInputElement;
                void addFiles(form, Array.from(input.files || []));
                input.value = '';
              }} />
          </div>
          ${form.dropped ? html`<p class="error-text" role="alert">${t.dropped(form.dropped)}</p>` : nothing}
          ${
            form.files.length
              ? html`<ul class="files">${form.files.map(
                  (file, i) => html`<li><span>${file.filename} (${Math.ceil(file.size / 1024)} KB)</span>
                <button type="button" class="link-btn" @click=${() => form.removeFile(i)}>${t.remove(file.filename)}</button></li>`,
                )}</ul>`
              : nothing
          }
        </div>
        <div class="context">
          <p>${t.pageContext}</p>
          <dl><dt>URL</dt><dd>${page.url}</dd>${page.title ? html`<dt>${t.pageTitle}</dt><dd>${page.title}</dd>` : nothing}</dl>
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${locked}>${phase === 'sending' ? t.sending : t.send}</button>
      </div>
    </form>
  `;
}
