/**
 * The admin's webhooks: the receivers registered, each with its events and state and the buttons
 * "Disable"/"Enable" and "Remove" (named with the URL), and a form to add one. The signing secret
 * is shown once, right after adding, and never again (the server does not return it later).
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError } from './api.ts';
import { baseStyles } from './styles.ts';
import type { Webhook } from '../../webhooks/shapes.ts';

export class HelpwayWebhooks extends LitElement {
  static styles = [
    baseStyles,
    css`
    table { width: 100%; border-collapse: collapse; background: #fff; }
    th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e3e7eb; vertical-align: middle; overflow-wrap: anywhere; }
    .actions { display: flex; gap: .5rem; flex-wrap: wrap; }
    fieldset { border: 1px solid #e3e7eb; padding: .5rem; }
    fieldset label { display: inline-flex; gap: .25rem; margin-right: 1rem; }
    code { user-select: all; word-break: break-all; }
  `,
  ];
  static properties = {
    _hooks: { state: true },
    _events: { state: true },
    _message: { state: true },
    _secret: { state: true },
    _busy: { state: true },
  };
  declare _hooks: Webhook[];
  declare _events: string[];
  declare _message: string;
  declare _secret: string;
  declare _busy: boolean;

  constructor() {
    super();
    this._hooks = [];
    this._events = [];
    this._message = '';
    this._secret = '';
    this._busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.refresh();
  }

  async refresh() {
    try {
      const data = await api.get<{ webhooks: Webhook[]; events: string[] }>('/api/inbox/webhooks');
      this._hooks = data.webhooks;
      this._events = data.events;
    } catch (error) {
      this._message = error instanceof ApiError ? error.message : 'Could not load the webhooks.';
    }
  }

  async _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const secret = String(data.get('secret') ?? '');
    this._busy = true;
    this._secret = '';
    try {
      const result = await api.post<{ webhook: Webhook; secret: string }>('/api/inbox/webhooks', {
        url: data.get('url'),
        events: data.getAll('events'),
        ...(secret ? { secret } : {}),
      });
      this._message = `Webhook added for ${result.webhook.url}.`;
      this._secret = result.secret;
      form.reset();
      await this.refresh();
    } catch (error) {
      this._message =
        error instanceof ApiError
          ? `${error.message}${
              error.fields
                ? ' ' +
                  Object.entries(error.fields)
                    .map(([f, why]) => `${f}: ${why}`)
                    .join('; ')
                : ''
            }`
          : 'Failed.';
    } finally {
      this._busy = false;
    }
  }

  async _act(hook: Webhook, action: 'disable' | 'enable' | 'remove') {
    if (action === 'remove' && !confirm(`Remove the webhook for ${hook.url} and its delivery log?`)) return;
    this._busy = true;
    try {
      await api.post(`/api/inbox/webhooks/${hook.id}/${action}`);
      this._message = `${hook.url}: ${action === 'remove' ? 'removed' : action === 'enable' ? 'enabled' : 'disabled'}.`;
      await this.refresh();
    } catch (error) {
      this._message = error instanceof ApiError ? error.message : 'Failed.';
    } finally {
      this._busy = false;
    }
  }

  render() {
    return html`<h2 id="webhooks-title">Webhooks</h2>
      <div role="status" aria-live="polite">${this._message}
        ${this._secret ? html`<p>Signing secret (shown once; keep it with the receiver): <code>${this._secret}</code></p>` : nothing}</div>
      <table aria-labelledby="webhooks-title">
        <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
        <tbody>${this._hooks.map(
          (h) => html`<tr>
          <td>${h.url}</td>
          <td>${h.events.join(', ')}</td>
          <td>${h.enabled ? 'Enabled' : `Disabled${h.disabledReason ? ` (${h.disabledReason})` : ''}`}</td>
          <td><div class="actions">
            <button class="secondary" ?disabled=${this._busy} aria-label="${h.enabled ? 'Disable' : 'Enable'} webhook ${h.url}" @click=${() => this._act(h, h.enabled ? 'disable' : 'enable')}>${h.enabled ? 'Disable' : 'Enable'}</button>
            <button class="secondary" ?disabled=${this._busy} aria-label="Remove webhook ${h.url}" @click=${() => this._act(h, 'remove')}>Remove</button>
          </div></td></tr>`,
        )}</tbody>
      </table>
      <form @submit=${this._onSubmit}>
        <h3>Add a webhook</h3>
        <div class="field"><label for="webhook-url">Receiver URL</label><input id="webhook-url" name="url" type="url" required placeholder="https://hooks.example.com/helpway" /></div>
        <fieldset><legend>Events</legend>${this._events.map((e) => html`<label><input type="checkbox" name="events" value=${e} />${e}</label>`)}</fieldset>
        <div class="field"><label for="webhook-secret">Signing secret (optional, 24+ characters; generated when empty)</label><input id="webhook-secret" name="secret" autocomplete="off" minlength="24" /></div>
        <button type="submit" ?disabled=${this._busy}>Add webhook</button>
      </form>`;
  }
}

if (!customElements.get('helpway-webhooks')) customElements.define('helpway-webhooks', HelpwayWebhooks);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-webhooks': HelpwayWebhooks;
  }
}
