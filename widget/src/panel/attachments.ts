/**
 * Attached files (chosen, dropped or pasted). They stay in memory until Send, then go one by one
 * to POST /api/uploads; the ticket names them by upload id. An id is kept in the pending draft as
 * soon as it arrives, so a retry never uploads a file twice; the files themselves wait in
 * IndexedDB while a submission is pending, so a retry after a reload still has them.
 * A chunk of its own, loaded with the first file: most tickets carry none, and every byte of the
 * panel chunk counts against the widget's budget.
 */
import { ApiError, request, type HelpwayApi } from './api-client.ts';
import type { Draft } from './storage.ts';

export interface Attachment {
  filename: string;
  size: number;
  /** The bytes (lost on reload unless IndexedDB kept them while the file had no id). */
  blob?: Blob;
  /** The upload id, once POST /api/uploads has accepted the file. */
  id?: string;
}

const MAX_FILES = 5;
const MAX_BYTES = 10 * 1024 * 1024;
/** A 10 MB file on a slow school connection takes a while. */
const UPLOAD_TIMEOUT_MS = 180_000;

/**
 * `current` plus the files of `list` that fit (count, size, the API's allowed types), and how
 * many did not. Pasted screenshots (browsers call them all "image.png") get a dated name.
 */
export function addAttachments(
  current: Attachment[],
  list: File[],
  allowed: string[] | null,
  pasted = false,
): { files: Attachment[]; dropped: number } {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const files = [...current];
  let dropped = 0;
  for (const [i, file] of list.entries()) {
    const name = pasted && (!file.name || file.name === 'image.png') ? `screenshot-${stamp}${i ? `-${i}` : ''}.png` : file.name;
    const ext = (name.split('.').pop() || '').toLowerCase();
    if (files.length >= MAX_FILES || file.size > MAX_BYTES || (allowed && !allowed.includes(ext))) dropped++;
    else files.push({ filename: name, size: file.size, blob: file });
  }
  return { files, dropped };
}

/**
 * Uploads the files that have no id yet, in order, calling `uploaded` after each id so the
 * draft (Idempotency-Key `key`) can keep it; meanwhile their bytes are kept for a retry after a
 * reload. A refused file (type, content, size) is taken off the list and reported by name; a
 * network failure or a 429/5xx is thrown as it is, to be retried.
 */
export async function uploadAttachments(api: HelpwayApi, key: string, files: Attachment[], uploaded: () => void): Promise<void> {
  void keepFiles(api.site, key, files);
  for (const file of [...files]) {
    if (file.id) continue;
    try {
      if (!file.blob) throw new ApiError(422, 'file_lost', 'attach it again');
      const q = new URLSearchParams({ site: api.site, filename: file.filename });
      const init = { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file.blob };
      file.id = (await request<{ id: string }>(`${api.api}/api/uploads?${q}`, init, UPLOAD_TIMEOUT_MS)).id;
      uploaded();
    } catch (error) {
      if (!(error instanceof ApiError) || error.transient) throw error;
      files.splice(files.indexOf(file), 1);
      throw new ApiError(error.status, error.code, `${file.filename}: ${Object.values(error.fields)[0] || error.message}`);
    }
  }
}

// --- files kept while a submission is pending ---------------------------------------------------

const DB_NAME = 'helpway-attachments';
const STORE = 'pending';

/** One record per site (a site has one draft): the draft's Idempotency-Key and its files' bytes. */
interface KeptFiles {
  key: string;
  blobs: Array<Blob | undefined>;
}

function inStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(STORE, mode);
      const req = use(tx.objectStore(STORE));
      tx.oncomplete = () => {
        db.close();
        resolve(req.result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

/** Keeps the bytes of the files not uploaded yet. Without IndexedDB (private modes) they live in memory only. */
function keepFiles(site: string, key: string, files: Attachment[]): Promise<void> {
  const kept: KeptFiles = { key, blobs: files.map((f) => (f.id ? undefined : f.blob)) };
  return inStore('readwrite', (s) => s.put(kept, site)).then(
    () => {},
    () => {},
  );
}

/** A pending draft's files after a reload: ids and names from the draft, bytes where this draft's were kept. */
export async function restoreFiles(site: string, draft: Draft): Promise<Attachment[]> {
  const kept = await inStore<KeptFiles | undefined>('readonly', (s) => s.get(site)).catch(() => undefined);
  return (draft.files || []).map((f, i) => ({ ...f, blob: f.id || kept?.key !== draft.idempotencyKey ? undefined : kept.blobs[i] }));
}

export function forgetFiles(site: string): Promise<void> {
  return inStore('readwrite', (s) => s.delete(site)).then(
    () => {},
    () => {},
  );
}
