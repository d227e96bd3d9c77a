/**
 * Signing in: an email form that always answers the same (no telling who is a contact), and the
 * mailed link's page (/portal/sign-in#token=…): a "Sign in" button, so a mail scanner fetching the
 * link signs no one in and does not use it up.
 */
import { html, nothing } from 'lit';
import { api, ApiError, type Me } from './api.ts';
import { PortalView } from './view.ts';

export class PortalSignIn extends PortalView {
  static properties = { ...PortalView.properties, token: {}, _sent: { state: true }, _error: { state: true }, _busy: { state: true } };
  declare token: string;
  declare _sent: boolean;
  declare _error: string;
  declare _busy: boolean;

  constructor() {
    super();
    this.token = '';
    this._sent = false;
    this._error = '';
    this._busy = false;
  }

  async #ask(e: Event) {
    e.preventDefault();
    const email = (new FormData(e.target as HTMLFormElement).get('email') as string).trim();
    this._busy = true;
    this._error = '';
    try {
      await api.post('/api/portal/sign-in', { email });
      this._sent = true;
    } catch (error) {
      // A refused address is said as the server says it (e.g. a rate limit); the same for everyone.
      this._error = error instanceof ApiError && error.status && error.status !== 404 ? error.message : this.w.failed;
    } finally {
      this._busy = false;
    }
  }

  async #confirm() {
    this._busy = true;
    this._error = '';
    try {
      const me = await api.post<Me>('/api/portal/sign-in/confirm', { token: this.token });
      history.replaceState(null, '', '/portal/'); // the used token leaves the address bar
      this.dispatchEvent(new CustomEvent('signed-in', { detail: me, bubbles: true, composed: true }));
    } catch (error) {
      this._error = error instanceof ApiError && error.status >= 400 && error.status < 500 ? this.w.linkUsed : this.w.failed;
    } finally {
      this._busy = false;
    }
  }

  #newLink() {
    this.token = '';
    this._error = '';
    history.replaceState(null, '', '/portal/sign-in');
  }

  render() {
    const w = this.w;
    if (this.token)
      return html`<section class="card" aria-labelledby="h">
        <h1 id="h">${w.confirmTitle}</h1>
        <p>${w.confirmLead}</p>
        <button type="button" ?disabled=${this._busy} @click=${this.#confirm}>${w.signIn}</button>
        <div role="alert">
          ${
            this._error
              ? html`<p class="error">${this._error}</p>
                <button type="button" class="secondary" @click=${this.#newLink}>${w.askAgain}</button>`
              : nothing
          }
        </div>
      </section>`;
    return html`<section class="card" aria-labelledby="h">
      <h1 id="h">${w.signInTitle}</h1>
      <form @submit=${this.#ask}>
        <div class="field">
          <label for="email">${w.email}</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
        </div>
        <button ?disabled=${this._busy}>${w.sendLink}</button>
      </form>
      <div role="status">${this._sent ? html`<p>${w.linkSent}</p>` : nothing}</div>
      <div role="alert">${this._error ? html`<p class="error">${this._error}</p>` : nothing}</div>
    </section>`;
  }
}
customElements.define('portal-sign-in', PortalSignIn);
