/**
 * How many attachment bytes may be uploaded per hour, per site and per client address
 * (`HELPWAY_UPLOAD_LIMITS`). The defaults leave room for a busy client's real tickets (forty
 * 5 MB screenshots an hour per site, ten per address) while an outsider with the public site key
 * cannot fill the disk.
 */

export interface UploadLimits {
  /** Bytes per rolling hour for one site, from every address together. */
  perSiteBytesPerHour: number;
  /** Bytes per rolling hour from one client address, whatever the site. */
  perAddressBytesPerHour: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  perSiteBytesPerHour: 200 * 1024 * 1024,
  perAddressBytesPerHour: 50 * 1024 * 1024,
};

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** "site=200MB,address=50MB" → limits (either part may be left out); "off" → null. */
export function parseUploadLimits(value: string | undefined): UploadLimits | null {
  if (value === undefined || value.trim() === '') return DEFAULT_UPLOAD_LIMITS;
  if (/^(off|0|false|none)$/i.test(value.trim())) return null;
  const limits = { ...DEFAULT_UPLOAD_LIMITS };
  for (const part of value.split(',')) {
    const m = /^\s*(site|address)\s*=\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(part);
    if (!m)
      throw new Error(
        `HELPWAY_UPLOAD_LIMITS: "${part}" is not understood; write e.g. "site=200MB,address=50MB" (bytes per hour, units B, KB, MB or GB) or "off"`,
      );
    const bytes = Math.round(Number(m[2]) * UNITS[(m[3] ?? 'mb').toLowerCase()]);
    if (m[1].toLowerCase() === 'site') limits.perSiteBytesPerHour = bytes;
    else limits.perAddressBytesPerHour = bytes;
  }
  return limits;
}
