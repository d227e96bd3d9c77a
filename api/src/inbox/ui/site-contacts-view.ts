/**
 * `<helpway-site-contacts>`: the admin's view of a site's client contacts, the people who sign in
 * to the client portal. Pick a site to list them; the form adds one (or, for an address already
 * there, changes their name and role) and each row's Remove button takes one off, through
 * /api/admin/sites/{key}/contacts, the same change as the admin CLI's `contacts add|remove`.
 * The API's 422 names the fields it refused: each message is shown under its field.
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, errorText, type Contact, type Contacts, type ContactSaved, type Site } from './api.ts';
import { baseStyles } from './styles.ts';
import { when } from './format.ts';
import { loadSites, siteSelect } from './site-picker.ts';

const FIELDS = ['name', 'email', 'role'] as const;
type Field = (typeof FIELDS)[number];

const ROLE_WORDS: Record<Contact['role'], string> = { key: 'Key contact', member: 'Member' };

export class HelpwaySiteContacts extends LitElement {
  static styles = [
    baseStyles,
    css`
    .row { display: flex; gap: .75rem; flex-wrap: wrap; align-items: start; margin-bottom: .6rem; }
    table { width: 100%; border-collapse: collapse; margin: .5rem 0; }
    caption { text-align: left; font-weight: 600; margin-bottom: .3rem; }
    th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid #e3e7eb; overflow-wrap: anywhere; }
    fieldset { border: 1px solid #e3e7eb; padding: .5rem; margin: 0 0 .6rem; }
    .error { margin: .2rem 0 0; font-size: .875rem; }
    [aria-invalid='true'] { border-color: #a40e26; border-width: 2px; }
  `,
  ];
  static properties = {
    _sites: { state: true },
    _key: { state: true },
    _contacts: { state: true },
    _errors: { state: true },
    _message: { state: true },
    _busy: { state: true },
  };
  declare _sites: Site[];
  declare _key: string;
  declare _contacts: Contact[] | null;
  declare _errors: Partial<Record<Field, string>>;
  declare _message: string;
  declare _busy: boolean;

  constructor() {
    super();
    this._sites = [];
    this._key = '';
    this._contacts = null;
    this._errors = {};
    this._message = '';
    this._busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.#loadSites();
  }

  async #loadSites() {
    try {
      this._sites = await loadSites();
      if (!this._key && this._sites.length) await this.#show(this._sites[0].key);
    } catch (error) {
      this._message = errorText(error, 'Could not load the sites.');
    }
  }

  async #show(key: string) {
    this._key = key;
    this._errors = {};
    this._message = '';
    await this.#reload();
  }

  /** Whether the list was reloaded; when not, the live region already says why. */
  async #reload(): Promise<boolean> {
    const key = this._key;
    try {
      const { contacts } = await api.get<Contacts>(`/api/admin/sites/${encodeURIComponent(key)}/contacts`);
      // A slower answer for a site the admin has since left must not overwrite the one shown.
      if (key === this._key) this._contacts = contacts;
      return true;
    } catch (error) {
      if (key !== this._key) return false;
      this._contacts = null;
      this._message = errorText(error, 'Could not load the contacts.');
      return false;
    }
  }

  async _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this._busy) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body = { name: String(data.get('name') ?? ''), email: String(data.get('email') ?? ''), role: String(data.get('role') ?? '') };
    this._busy = true;
    this._errors = {};
    try {
      const saved = await api.post<ContactSaved>(`/api/admin/sites/${encodeURIComponent(this._key)}/contacts`, body);
      const c = saved.contact;
      form.reset();
      // The list first, then the announcement: what is announced is already in the table.
      if (!(await this.#reload())) return;
      this._message = saved.created
        ? `${c.name} (${c.email}) added to ${this._key} as ${ROLE_WORDS[c.role].toLowerCase()}.`
        : `${c.email} was already a contact of ${this._key}: name and role updated.`;
    } catch (error) {
      await this.#showFieldErrors(error);
    } finally {
      this._busy = false;
    }
  }

  /** A 422 puts each refused field's message under it and moves focus to the first; anything else goes to the live region. */
  async #showFieldErrors(error: unknown) {
    const fields = error instanceof ApiError && error.status === 422 ? error.fields : undefined;
    const known = Object.entries(fields ?? {}).filter((entry): entry is [Field, string] =>
      (FIELDS as readonly string[]).includes(entry[0]),
    );
    if (!known.length) {
      this._message = errorText(error, 'The contact could not be saved; try again.');
      return;
    }
    this._errors = Object.fromEntries(known);
    this._message = `The contact was not saved: ${known.map(([field, why]) => `${field} ${why}`).join('; ')}.`;
    await this.updateComplete;
    const first = FIELDS.find((f) => this._errors[f]);
    this.renderRoot.querySelector<HTMLElement>(`#contact-${first}`)?.focus();
  }

  async #remove(contact: Contact) {
    let message: string;
    try {
      await api.del(`/api/admin/sites/${encodeURIComponent(this._key)}/contacts/${contact.id}`);
      message = `${contact.name} (${contact.email}) removed from ${this._key}.`;
    } catch (error) {
      message = errorText(error, `${contact.name} could not be removed; try again.`);
    }
    if (await this.#reload()) this._message = message;
    // The row and its button are gone: keep keyboard users in the table rather than at the page's top.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#contacts-heading')?.focus();
  }

  render() {
    const site = this._sites.find((s) => s.key === this._key);
    return html`<h2>Site contacts</h2>
      <p class="muted">The client's people who sign in to the portal: key contacts see and manage all of the site's tickets, members their own.</p>
      <div role="status" aria-live="polite" aria-atomic="true">${this._message}</div>
      <div class="row">${siteSelect('contacts-site', this._sites, this._key, (key) => void this.#show(key))}</div>
      ${site ? html`<h3 id="contacts-heading" tabindex="-1">Contacts of ${site.name}</h3>${this.#table(site)}${this.#form()}` : nothing}`;
  }

  #table(site: Site) {
    if (!this._contacts) return nothing;
    if (!this._contacts.length) return html`<p>${site.name} has no contacts yet.</p>`;
    return html`<table aria-labelledby="contacts-heading">
      <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Added</th><th scope="col">Action</th></tr></thead>
      <tbody>${this._contacts.map(
        (c) =>
          html`<tr><th scope="row">${c.name}</th><td>${c.email}</td><td>${ROLE_WORDS[c.role]}</td><td>${when(c.createdAt)} <span class="muted">by ${c.createdBy}</span></td>
            <td><button type="button" class="secondary" @click=${() => void this.#remove(c)}>Remove<span class="visually-hidden"> ${c.name}</span></button></td></tr>`,
      )}</tbody>
    </table>`;
  }

  #form() {
    const e = this._errors;
    const invalid = (f: Field) => (e[f] ? 'true' : 'false');
    const described = (f: Field) => (e[f] ? `contact-${f}-error` : nothing);
    const message = (f: Field) =>
      e[f]
        ? html`<p class="error" id="contact-${f}-error">${f === 'email' ? 'Email' : f === 'name' ? 'Name' : 'Role'} ${e[f]}.</p>`
        : nothing;
    return html`<form novalidate @submit=${this._onSubmit}>
      <fieldset><legend>Add a contact</legend>
        <div class="row">
          <div><label for="contact-name">Name</label>
            <input id="contact-name" name="name" autocomplete="off" maxlength="120" required aria-invalid=${invalid('name')} aria-describedby=${described('name')} />${message('name')}</div>
          <div><label for="contact-email">Email</label>
            <input id="contact-email" name="email" type="email" autocomplete="off" maxlength="254" required aria-invalid=${invalid('email')} aria-describedby=${described('email')} />${message('email')}</div>
          <div><label for="contact-role">Role</label>
            <select id="contact-role" name="role" aria-invalid=${invalid('role')} aria-describedby=${described('role')}>
              <option value="member">Member (their own tickets)</option>
              <option value="key">Key contact (all the site's tickets)</option>
            </select>${message('role')}</div>
        </div>
        <button type="submit">Add contact</button>
      </fieldset>
    </form>`;
  }
}

if (!customElements.get('helpway-site-contacts')) customElements.define('helpway-site-contacts', HelpwaySiteContacts);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-site-contacts': HelpwaySiteContacts;
  }
}
