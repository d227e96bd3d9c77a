/**
 * The unread count on the launcher while the panel is closed during a chat. The launcher is the
 * entry's (widget.js, which must stay small and load nothing more before interaction), so the
 * chat's chunk, which only a chat brings in, adds the badge to it: a number for the eye (hidden
 * from screen readers), and the same said in words in a polite live region the launcher points
 * to, so the button's name stays "Help".
 */
import { sheet } from '../element.ts';

const styles = sheet(`
.hw-unread{display:inline-grid;place-items:center;min-width:22px;height:22px;padding:0 6px;margin-left:2px;border-radius:11px;background:#b3261e;color:#fff;font:700 13px/1 var(--helpway-font,system-ui,sans-serif)}
.hw-sr{position:fixed;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (forced-colors:active){.hw-unread{border:1px solid CanvasText}}
`);

const NOTE_ID = 'hw-unread-note';

/** Shows `count` on the launcher in the widget's shadow root `root` (0 takes it away); `words` says it for screen readers. */
export function showUnread(root: ShadowRoot, count: number, words: string): void {
  const launcher = root.querySelector<HTMLElement>('.launcher');
  if (!launcher) return;
  if (!root.adoptedStyleSheets.includes(styles)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles];
  let note = root.getElementById(NOTE_ID);
  if (!note) {
    note = document.createElement('span');
    note.id = NOTE_ID;
    note.className = 'hw-sr';
    note.setAttribute('role', 'status');
    root.append(note);
  }
  let badge = launcher.querySelector<HTMLElement>('.hw-unread');
  if (!count) {
    badge?.remove();
    note.textContent = '';
    launcher.removeAttribute('aria-describedby');
    return;
  }
  if (!badge) {
    badge = document.createElement('span');
    badge.className = 'hw-unread';
    badge.setAttribute('aria-hidden', 'true');
    badge.setAttribute('part', 'unread');
  }
  // The entry re-renders the launcher's content when its attributes change: put the badge back.
  if (!badge.isConnected) launcher.append(badge);
  badge.textContent = count > 99 ? '99+' : String(count);
  note.textContent = words;
  launcher.setAttribute('aria-describedby', NOTE_ID);
}
