import type { z } from 'zod';

/** A content problem a content author can act on: the file, the field and the fix. */
export class ContentError extends Error {
  readonly file: string;
  readonly issues: Array<{ field: string; message: string }>;
  constructor(file: string, issues: Array<{ field: string; message: string }>) {
    super(`${file}:\n` + issues.map((i) => `  - ${i.field || '(file)'}: ${i.message}`).join('\n'));
    this.name = 'ContentError';
    this.file = file;
    this.issues = issues;
  }

  static fromZod(file: string, error: z.ZodError): ContentError {
    return new ContentError(
      file,
      error.issues.map((issue) => ({
        field: issue.path.map(String).join('.'),
        message: fixFor(issue),
      })),
    );
  }
}

function fixFor(issue: z.core.$ZodIssue): string {
  // Parse with `{ reportInput: true }` so a missing field (no input) can be told from a wrong one.
  const given = 'input' in issue ? issue.input : undefined;
  if (issue.code === 'invalid_type' && given === undefined) {
    return `is missing: add it (expected ${issue.expected})`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove them or check the spelling`;
  }
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return `expected ${issue.expected}, got ${describeValue(given)}: write a ${issue.expected} here`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
