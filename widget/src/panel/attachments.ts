/**
 * Reading attached files (chosen, dropped or pasted) into the ticket body as base64. A chunk of
 * its own, loaded with the first file: most tickets carry none, and every byte of the panel
 * chunk counts against the widget's budget.
 */
export interface Attachment {
  filename: string;
  contentType: string;
  size: number;
  data: string;
}

const MAX_FILES = 5;
const MAX_BYTES = 10 * 1024 * 1024;

function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * `current` plus the files of `list` that fit (count, size, the API's allowed types), and how
 * many did not. Pasted screenshots (browsers call them all "image.png") get a dated name.
 */
export async function addAttachments(current: Attachment[], list: File[], allowed: string[] | null, pasted = false): Promise<{ files: Attachment[]; dropped: number }> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const files = [...current];
  let dropped = 0;
  for (const [i, file] of list.entries()) {
    const name = pasted && (!file.name || file.name === 'image.png') ? `screenshot-${stamp}${i ? `-${i}` : ''}.png` : file.name;
    const ext = (name.split('.').pop() || '').toLowerCase();
    if (files.length >= MAX_FILES || file.size > MAX_BYTES || (allowed && !allowed.includes(ext))) {
      dropped++;
      continue;
    }
    try {
      files.push({ filename: name, contentType: file.type || 'application/octet-stream', size: file.size, data: await readAsBase64(file) });
    } catch {
      dropped++;
    }
  }
  return { files, dropped };
}
