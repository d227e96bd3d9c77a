/** The password rule the API enforces (10-200 characters), checked before sending, plus the repeat. */
export function passwordProblem(password: string, repeat: string): string {
  if (password.length < 10) return 'The new password is too short: use at least 10 characters.';
  if (password.length > 200) return 'The new password is too long: use at most 200 characters.';
  if (password !== repeat) return 'The two new passwords differ: type the same one twice.';
  return '';
}
