/**
 * Attachments: the extension must be one the policy allows, and the bytes must agree with it
 * (magic numbers for binary formats; no NUL bytes in text formats), so an executable renamed to
 * report.pdf or notes.txt is refused. The stored content type comes from the extension. Files
 * arrive one by one through POST /api/uploads (api/src/uploads/), never inside ticket JSON.
 */
import { createHash } from 'node:crypto';
import type { Policy } from '#content/policy-schema.ts';

const ZIP = [[0x50, 0x4b, 0x03, 0x04]];
const OLE = [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]];
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/** Signatures for binary formats; an extension not listed here is treated as text. */
const MAGIC: Record<string, number[][]> = {
  pdf: [ascii('%PDF-')],
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  jpg: [[0xff, 0xd8, 0xff]],
  jpeg: [[0xff, 0xd8, 0xff]],
  gif: [ascii('GIF87a'), ascii('GIF89a')],
  bmp: [ascii('BM')],
  tif: [
    [0x49, 0x49, 0x2a, 0x00],
    [0x4d, 0x4d, 0x00, 0x2a],
  ],
  tiff: [
    [0x49, 0x49, 0x2a, 0x00],
    [0x4d, 0x4d, 0x00, 0x2a],
  ],
  ico: [[0x00, 0x00, 0x01, 0x00]],
  docx: ZIP,
  xlsx: ZIP,
  pptx: ZIP,
  docm: ZIP,
  xlsm: ZIP,
  pptm: ZIP,
  ppsx: ZIP,
  odt: ZIP,
  ods: ZIP,
  odp: ZIP,
  doc: OLE,
  xls: OLE,
  ppt: OLE,
  pps: OLE,
  swf: [ascii('FWS'), ascii('CWS'), ascii('ZWS')],
  svgz: [[0x1f, 0x8b]],
  eps: [ascii('%!'), [0xc5, 0xd0, 0xd3, 0xc6]],
  ps: [ascii('%!')],
  rtf: [ascii('{\\rtf')],
  dcr: [ascii('XFIR'), ascii('RIFX'), ascii('FGDM')],
};

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ico: 'image/vnd.microsoft.icon',
  svg: 'image/svg+xml',
  svgz: 'image/svg+xml',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  docm: 'application/vnd.ms-word.document.macroEnabled.12',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xlsm: 'application/vnd.ms-excel.sheet.macroEnabled.12',
  ppt: 'application/vnd.ms-powerpoint',
  pps: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pptm: 'application/vnd.ms-powerpoint.presentation.macroEnabled.12',
  ppsx: 'application/vnd.openxmlformats-officedocument.presentationml.slideshow',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  rtf: 'application/rtf',
  ps: 'application/postscript',
  eps: 'application/postscript',
  swf: 'application/x-shockwave-flash',
  dcr: 'application/x-director',
  csv: 'text/csv',
  txt: 'text/plain',
  html: 'text/html',
  tex: 'application/x-tex',
};

export interface CheckedFile {
  contentType: string;
  size: number;
  sha256: string;
}

export type FileProblem = { field: 'filename' | 'file'; message: string };

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

/** The extension allowed by the policy? */
export function extensionProblem(policy: Policy, filename: string): FileProblem | null {
  const allowed = policy.attachments.allowedTypes.map((t) => t.toLowerCase());
  const ext = extensionOf(filename);
  if (ext && allowed.includes(ext)) return null;
  return { field: 'filename', message: `files of type "${ext || '(none)'}" are not accepted; allowed: ${allowed.join(', ')}` };
}

const extensionOf = (filename: string): string => {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
};

/** Checks one file's name and bytes; the size limit is enforced earlier, while the bytes arrive. */
export function checkFile(policy: Policy, filename: string, data: Uint8Array): { ok: CheckedFile } | { problem: FileProblem } {
  const badName = extensionProblem(policy, filename);
  if (badName) return { problem: badName };
  const ext = extensionOf(filename);
  if (data.length === 0) return { problem: { field: 'file', message: 'the file is empty' } };
  const signatures = MAGIC[ext];
  if (signatures) {
    if (!signatures.some((sig) => startsWith(data, sig)))
      return { problem: { field: 'file', message: `the content is not a .${ext} file: check you attached the right file` } };
  } else if (data.subarray(0, 65536).includes(0)) {
    return { problem: { field: 'file', message: `the content is binary, not a .${ext} text file: check you attached the right file` } };
  }
  return {
    ok: {
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    },
  };
}
