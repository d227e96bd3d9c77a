/**
 * Files attached to the contact form: chosen, dropped or pasted. Their code (../attachments.ts)
 * is a chunk of its own, loaded with the first file: most tickets carry none.
 */
import type { Draft } from '../storage.ts';
import type { ContactForm } from './contact-form.ts';

export const attachments = () => import('../attachments.ts');

export async function addFiles(form: ContactForm, list: File[], pasted = false): Promise<void> {
  if (!list.length) return;
  try {
    const { addAttachments } = await attachments();
    ({ files: form.files, dropped: form.dropped } = await addAttachments(form.files, list, form.policy?.allowedTypes ?? null, pasted));
  } catch {
    form.dropped = list.length; // the chunk could not load (offline): say the files were not added
  }
  form.submission.keep(form.fields);
  form.panel.requestUpdate();
}

/** Screenshots pasted into the form are attached (other pasted content is left to the field). */
export function pasteFiles(form: ContactForm, event: ClipboardEvent): void {
  const files = Array.from(event.clipboardData?.files || []).filter((f) => f.type.startsWith('image/'));
  if (!files.length) return;
  event.preventDefault();
  void addFiles(form, files, true);
}

export function dropFiles(form: ContactForm, event: DragEvent): void {
  event.preventDefault();
  form.dragOver = false;
  void addFiles(form, Array.from(event.dataTransfer?.files || []));
}

/** The files' names and upload ids, as the draft remembers them (the bytes are IndexedDB's to keep). */
export function fileIds(form: ContactForm): Draft['files'] {
  return form.files.map(({ blob: _, ...file }) => file);
}

/** The files of a pending submission no longer need keeping (sent, or the draft discarded). */
export function forgetFiles(site: string, draft: Draft | null): void {
  if (draft?.files?.length)
    attachments().then(
      (m) => m.forgetFiles(site),
      () => {},
    );
}
