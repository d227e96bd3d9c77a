/**
 * Mails to agents about their own account. The reset link is a bearer secret: whoever holds it
 * can set the agent's password, so the mail log never shows its text (`hideAccountSecrets`).
 */
import { escapeHtml, oneLine, type MailContent } from './templates.ts';

export function passwordResetMail(t: { agentName: string; link: string; validMinutes: number; vendor: string }): MailContent {
  const paragraphs = [
    `Hello ${t.agentName},`,
    `Someone (we hope you) asked to reset your password for the ${t.vendor} support inbox. Follow the link below within ${t.validMinutes} minutes to choose a new one. It works once.`,
    'If you did not ask for this, ignore this email: your password stays as it is.',
  ];
  const label = 'Choose a new password';
  return {
    subject: oneLine(`${t.vendor} inbox: reset your password`),
    text: `${paragraphs.join('\n\n')}\n\n${label}: ${t.link}\n`,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(label)}</title></head><body style="font-family:sans-serif;line-height:1.5">\n${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}\n<p><a href="${escapeHtml(t.link)}">${escapeHtml(label)}</a></p>\n</body></html>`,
  };
}

/** For the mail log every agent can read: a reset mail is listed, its link is not. */
export function hideAccountSecrets<T extends { kind: string; text: string }>(entry: T): T {
  return entry.kind === 'password_reset' ? { ...entry, text: '(not shown: it holds a single-use password reset link)' } : entry;
}
