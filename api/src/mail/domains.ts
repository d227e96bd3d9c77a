/** Mail domains compared by their registered domain (site matching, sender alignment). */

/** Naive registered domain: the last two labels (three for e.g. ac.uk / co.uk style suffixes). */
export function registeredDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  const twoLevel =
    labels.length >= 3 && /^(ac|co|com|edu|gov|net|org|sch)$/.test(labels[labels.length - 2]) && labels[labels.length - 1].length === 2;
  return labels.slice(twoLevel ? -3 : -2).join('.');
}

/** The domain of an address ("dee@acme.ac.uk" → "acme.ac.uk"); a bare domain is returned as is. */
export function domainOf(addressOrDomain: string): string {
  return addressOrDomain
    .slice(addressOrDomain.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}
